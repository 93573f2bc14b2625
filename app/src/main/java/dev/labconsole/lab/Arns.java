package dev.labconsole.lab;

/** The parts of AWS ARNs the lab reads: names, and the dimension values CloudWatch files metrics under. */
public final class Arns {

    private Arns() {
    }

    /** {@code arn:...:service/my-cluster/my-service} -> {@code my-service}; a plain name stays as it is; null -> "". */
    public static String lastPart(String arnOrName) {
        return arnOrName == null ? "" : arnOrName.substring(arnOrName.lastIndexOf('/') + 1);
    }

    /** {@code arn:...:loadbalancer/app/name/id} -> {@code app/name/id}, the ALB's metric dimension. */
    public static String loadBalancerDimension(String arn) {
        return arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
    }

    /** {@code arn:...:targetgroup/name/id} -> {@code targetgroup/name/id}. */
    public static String targetGroupDimension(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }
}
