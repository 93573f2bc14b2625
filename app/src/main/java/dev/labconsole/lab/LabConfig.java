package dev.labconsole.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a student can change about the lab, with the lab's defaults
 * ({@code ../shared/DESIGN.md}), checked by {@link #validate()} before anything talks to AWS.
 *
 * @param lab the lab's name, the prefix of every resource name ({@code sentiment-app})
 * @param vpcCidr the VPC's block ({@code 10.0.0.0/16})
 * @param publicSubnetCidrs the two public subnets' blocks
 * @param privateSubnetCidrs the two private subnets' blocks
 * @param listenerPort the load balancer's HTTP port (80)
 * @param containerPort the port the model server listens on in the task (8000)
 * @param healthCheckPath the target group's health check path ({@code /health})
 * @param desiredCount how many tasks the service runs (2)
 * @param cpu Fargate CPU units (1024 = 1 vCPU)
 * @param memoryMiB Fargate memory in MiB (3072)
 * @param logRetentionDays how long CloudWatch keeps the service's logs (7)
 * @param bucketName the model bucket, or null for {@code <lab>-models-<account>-<region>}
 * @param image the student's own container image, or null for the image Lab Console builds and pushes
 * @param taskRoleArn the task role, or null for LabRole or a role the lab creates
 * @param executionRoleArn the execution role, or null likewise
 * @param modelUri the model to upload, or null for the bundled model
 * @param keepBucket whether teardown keeps the bucket and the model in it
 */
public record LabConfig(
        String lab,
        String vpcCidr,
        List<String> publicSubnetCidrs,
        List<String> privateSubnetCidrs,
        int listenerPort,
        int containerPort,
        String healthCheckPath,
        int desiredCount,
        int cpu,
        int memoryMiB,
        int logRetentionDays,
        String bucketName,
        String image,
        String taskRoleArn,
        String executionRoleArn,
        String modelUri,
        boolean keepBucket) {

    public static final String DEFAULT_LAB = "sentiment-app";

    // Lab names become parts of resource names: ALB and target group names allow 32 characters,
    // letters, digits and hyphens, so "<lab>-alb" must fit and may not start or end with a hyphen.
    private static final Pattern LAB_NAME = Pattern.compile("[a-z][a-z0-9-]{1,26}[a-z0-9]");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_LIKE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    // registry/repository[:tag][@digest], lower-case repository path as Docker requires.
    private static final Pattern IMAGE = Pattern.compile(
            "([a-zA-Z0-9.-]+(:\\d+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*"
                    + "(:[\\w][\\w.-]{0,127})?(@sha256:[a-f0-9]{64})?");
    private static final Pattern PATH = Pattern.compile("/[\\w./-]{0,1023}");
    private static final Set<Integer> LOG_RETENTIONS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    // Fargate's CPU units and the memory each allows, in MiB (Linux tasks).
    private static final Map<Integer, int[]> FARGATE_MEMORY = Map.of(
            256, new int[] {512, 1024, 2048},
            512, new int[] {1024, 2048, 3072, 4096},
            1024, range(2048, 8192, 1024),
            2048, range(4096, 16384, 1024),
            4096, range(8192, 30720, 1024),
            8192, range(16384, 61440, 4096),
            16384, range(32768, 122880, 8192));

    public LabConfig {
        publicSubnetCidrs = List.copyOf(publicSubnetCidrs);
        privateSubnetCidrs = List.copyOf(privateSubnetCidrs);
    }

    /** The lab as the course describes it. */
    public static LabConfig defaults() {
        return named(DEFAULT_LAB);
    }

    /** The defaults under another lab name. */
    public static LabConfig named(String lab) {
        return new LabConfig(lab, "10.0.0.0/16", List.of("10.0.1.0/24", "10.0.2.0/24"),
                List.of("10.0.3.0/24", "10.0.4.0/24"), 80, 8000, "/health", 2, 1024, 3072, 7,
                null, null, null, null, null, false);
    }

    /** Checks every setting; throws one exception listing every problem, or returns this. */
    public LabConfig validate() {
        List<String> problems = new ArrayList<>();
        if (lab == null || !LAB_NAME.matcher(lab).matches() || lab.contains("--")) {
            problems.add("--lab '" + lab + "': use 3 to 28 lower-case letters, digits and single hyphens, starting with"
                    + " a letter, e.g. " + DEFAULT_LAB + " (it prefixes every resource name, and AWS limits load"
                    + " balancer names to 32 characters)");
        }
        checkNetwork(problems);
        checkPort(problems, "--listener-port", listenerPort);
        checkPort(problems, "--container-port", containerPort);
        if (healthCheckPath == null || !PATH.matcher(healthCheckPath).matches()) {
            problems.add("--health-check-path '" + healthCheckPath + "': use a path starting with /, e.g. /health");
        }
        if (desiredCount < 0 || desiredCount > 10) {
            problems.add("--desired-count " + desiredCount + ": use 0 to 10 tasks (the lab uses 2, one per zone)");
        }
        checkFargateSize(problems);
        if (!LOG_RETENTIONS.contains(logRetentionDays)) {
            problems.add("log retention " + logRetentionDays + " days: CloudWatch allows 1, 3, 5, 7, 14, 30, 60, 90, ..."
                    + " (the lab uses 7)");
        }
        if (bucketName != null) {
            checkBucket(problems, bucketName);
        }
        if (image != null && !IMAGE.matcher(image).matches()) {
            problems.add("--image '" + image + "': use a repository URI with an optional tag, e.g."
                    + " 123456789012.dkr.ecr.us-east-1.amazonaws.com/" + lab + ":latest");
        }
        checkRole(problems, "--task-role", taskRoleArn);
        checkRole(problems, "--execution-role", executionRoleArn);
        if (!problems.isEmpty()) {
            throw new LabConfigException(problems);
        }
        return this;
    }

    private void checkNetwork(List<String> problems) {
        Cidr vpc = Cidr.parseOrNull(vpcCidr);
        if (vpc == null) {
            problems.add("VPC CIDR '" + vpcCidr + "': use a block such as 10.0.0.0/16 (host bits zero)");
        } else if (vpc.prefix() < 16 || vpc.prefix() > 24) {
            problems.add("VPC CIDR " + vpcCidr + ": AWS allows /16 to /28 and the lab's four subnets need room;"
                    + " use /16 to /24, e.g. 10.0.0.0/16");
        }
        List<Cidr> subnets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (publicSubnetCidrs.size() != 2 || privateSubnetCidrs.size() != 2) {
            problems.add("give two public and two private subnet CIDRs, one of each per availability zone");
        }
        List<String> all = new ArrayList<>(publicSubnetCidrs);
        all.addAll(privateSubnetCidrs);
        for (int i = 0; i < all.size(); i++) {
            String name = (i < publicSubnetCidrs.size() ? "public-subnet-" + (i + 1)
                    : "private-subnet-" + (i - publicSubnetCidrs.size() + 1));
            Cidr subnet = Cidr.parseOrNull(all.get(i));
            if (subnet == null) {
                problems.add(name + " CIDR '" + all.get(i) + "': use a block such as 10.0.1.0/24 (host bits zero)");
                continue;
            }
            if (subnet.prefix() > 27) {
                problems.add(name + " CIDR " + subnet + " is too small: AWS keeps 5 addresses of every subnet and the"
                        + " load balancer needs 8 free; use /27 or larger, e.g. /24");
            }
            if (subnet.prefix() < 16) {
                problems.add(name + " CIDR " + subnet + ": subnets can be /16 at most");
            }
            if (vpc != null && !vpc.contains(subnet)) {
                problems.add(name + " CIDR " + subnet + " is not inside the VPC " + vpc + "; e.g. use "
                        + suggestion(vpc, i));
            }
            for (int j = 0; j < subnets.size(); j++) {
                if (subnets.get(j).overlaps(subnet)) {
                    problems.add(name + " CIDR " + subnet + " overlaps " + names.get(j) + " (" + subnets.get(j)
                            + "); every subnet needs its own block");
                }
            }
            subnets.add(subnet);
            names.add(name);
        }
    }

    private static String suggestion(Cidr vpc, int index) {
        long address = vpc.address() + ((long) (index + 1) << 8);
        return new Cidr(address, 24).toString();
    }

    private static void checkPort(List<String> problems, String option, int port) {
        if (port < 1 || port > 65535) {
            problems.add(option + " " + port + ": use a port from 1 to 65535");
        }
    }

    private void checkFargateSize(List<String> problems) {
        int[] allowed = FARGATE_MEMORY.get(cpu);
        if (allowed == null) {
            problems.add("--cpu " + cpu + ": Fargate offers 256, 512, 1024, 2048, 4096, 8192 or 16384 CPU units"
                    + " (1024 = 1 vCPU; the lab uses 1024)");
            return;
        }
        for (int memory : allowed) {
            if (memory == memoryMiB) {
                return;
            }
        }
        problems.add(String.format(Locale.ROOT, "--memory %d with --cpu %d: Fargate offers %d to %d MiB for %d CPU"
                + " units (the lab uses --cpu 1024 --memory 3072)", memoryMiB, cpu, allowed[0],
                allowed[allowed.length - 1], cpu));
    }

    /** Adds a problem to {@code problems} when {@code bucket} breaks S3's bucket naming rules. */
    public static void checkBucket(List<String> problems, String bucket) {
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_LIKE.matcher(bucket).matches()
                || bucket.startsWith("xn--") || bucket.endsWith("-s3alias") || bucket.contains(".-")
                || bucket.contains("-.")) {
            problems.add("bucket name '" + bucket + "': S3 needs 3 to 63 lower-case letters, digits, dots and hyphens,"
                    + " starting and ending with a letter or digit, not shaped like an IP address;"
                    + " e.g. sentiment-app-models-123456789012-us-east-1");
        }
    }

    private static void checkRole(List<String> problems, String option, String arn) {
        if (arn != null && !ROLE_ARN.matcher(arn).matches()) {
            problems.add(option + " '" + arn + "': use a role ARN such as arn:aws:iam::123456789012:role/LabRole");
        }
    }

    private static int[] range(int from, int to, int step) {
        int[] values = new int[(to - from) / step + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = from + i * step;
        }
        return values;
    }
}
