package dev.labconsole.lab;

/**
 * Who the engine's credentials are, as the identity step found out.
 *
 * @param account the account id
 * @param arn the caller's ARN
 * @param region the region the lab works in
 * @param academyRoleArn the ARN of AWS Academy's {@code LabRole} when the account has one, else null
 */
public record Identity(String account, String arn, String region, String academyRoleArn) {

    /** Whether the credentials are the account's root user (AWS advises never to work as root). */
    public boolean root() {
        return arn != null && arn.endsWith(":root");
    }

    /** Whether this is an AWS Academy account (it has {@code LabRole} and cannot create roles). */
    public boolean academy() {
        return academyRoleArn != null;
    }
}
