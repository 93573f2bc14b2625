package dev.labconsole.cli;

import dev.labconsole.lab.Arns;
import dev.labconsole.lab.FoundLab;
import dev.labconsole.lab.LabCheck;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabSelection;
import dev.labconsole.lab.Requirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check}: the lab's requirements against what exists in the account, however it was built and
 * named. Reads only: writes nothing to AWS or to the state file.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Check the lab's requirements against what exists now, built by this tool or by hand, with any names.",
            "Finds the lab from its load balancer, target group and ECS service; advice is shown apart and never",
            "fails the check. Writes nothing. Exit 1 when a requirement is not met.",
            "Example:",
            "  labconsole check",
            "  labconsole check --vpc vpc-0abc123 --service my-service"
        })
final class LabCheckCommand extends LabCommand {

    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[\\w-]+:\\d{12}:service/.+");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._/-][a-z0-9]+)*");

    @Option(names = "--vpc", paramLabel = "VPC_ID", description = "The lab's VPC, when the account has several that fit.")
    String vpc;

    @Option(names = "--service", paramLabel = "NAME|ARN", description = "The lab's ECS service, when several fit.")
    String service;

    @Option(names = "--bucket", paramLabel = "NAME", description = "The bucket holding the model, when several fit.")
    String bucket;

    @Option(names = "--repository", paramLabel = "NAME", description = "The image's ECR repository, when several fit.")
    String repository;

    @Override
    void checkOptions(List<String> problems) {
        if (vpc != null && !VPC_ID.matcher(vpc).matches()) {
            problems.add("--vpc '" + vpc + "': give a VPC id such as vpc-0abc1234 (aws ec2 describe-vpcs lists them)");
        }
        if (service != null && !SERVICE.matcher(service).matches()) {
            problems.add("--service '" + service + "': give the service's name or ARN (aws ecs list-services lists them)");
        }
        if (bucket != null) {
            LabConfig.checkBucket(problems, bucket);
        }
        if (repository != null && (repository.length() > 256 || !REPOSITORY.matcher(repository).matches())) {
            problems.add("--repository '" + repository + "': give a repository name such as sentiment-app"
                    + " (aws ecr describe-repositories lists them)");
        }
    }

    @Override
    int run(LabEngine engine) {
        LabCheck check = engine.inspect(Set.of(), new LabSelection(vpc, service, bucket, repository));
        List<Requirement> required = check.required();
        List<Requirement> advice = check.advice();
        long met = required.stream().filter(Requirement::met).count();
        long followed = advice.stream().filter(Requirement::met).count();
        if (options.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Requirement requirement : check.requirements()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", requirement.step().name());
                row.put("title", requirement.step().title());
                row.put("kind", requirement.kind().name().toLowerCase(java.util.Locale.ROOT));
                row.put("requirement", requirement.text());
                row.put("met", requirement.met());
                row.put("detail", requirement.detail());
                rows.add(row);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("lab", options.lab);
            document.put("ok", check.ok());
            document.put("met", met);
            document.put("total", required.size());
            document.put("adviceFollowed", followed);
            document.put("adviceTotal", advice.size());
            if (check.found() != null) {
                document.put("found", foundLines(check.found()));
                document.put("choices", check.found().choices());
            }
            document.put("requirements", rows);
            out.println(LabFormat.json(document));
        } else {
            if (check.found() != null) {
                out.println("Found in account " + check.found().account() + ", " + check.found().region() + ":");
                foundLines(check.found()).forEach(line -> out.println("  " + line));
                check.found().choices().forEach(choice -> out.println("  note: " + choice));
                out.println();
            }
            out.println("Requirements (what the lab asks for):");
            required.forEach(r -> out.println(line(r, r.met() ? "[ok] " : "[!!] ")));
            if (!advice.isEmpty()) {
                out.println();
                out.println("Advice (beyond the lab; never fails the check):");
                advice.forEach(r -> out.println(line(r, r.met() ? "[ok] " : "[--] ")));
            }
            out.println();
            out.println(met + " of " + required.size() + " requirements met"
                    + (check.ok() ? ": lab " + options.lab + " is complete" : "; fix the [!!] lines, or run 'labconsole"
                            + " apply' to build what is missing")
                    + (advice.isEmpty() ? "." : "; " + followed + " of " + advice.size() + " pieces of advice followed."));
        }
        return check.ok() ? ExitCode.OK : ExitCode.FAILED;
    }

    private static String line(Requirement requirement, String mark) {
        String detail = requirement.detail() == null || requirement.detail().isBlank() ? ""
                : " \u2014 " + requirement.detail();
        return mark + requirement.step().title() + ": " + requirement.text() + detail;
    }

    /** What was found, as what: "public subnet 2 = subnet-0ab.. (my-pub-b, 10.0.2.0/24, us-east-1b)". */
    static List<String> foundLines(FoundLab found) {
        List<String> lines = new ArrayList<>();
        if (found.bucket() != null) {
            lines.add("model bucket = s3://" + found.bucket().name() + "/" + found.bucket().prefix());
        }
        if (found.repository() != null) {
            lines.add("ECR repository = " + found.repository().uri());
        }
        if (found.vpc() != null) {
            lines.add("VPC = " + found.vpc().id() + " (" + (found.vpc().name() == null ? "" : found.vpc().name() + ", ")
                    + found.vpc().cidr() + ")");
        }
        found.subnets(FoundLab.Role.PUBLIC).forEach(s -> lines.add(s.describe() + " -> " + s.routeTableId()));
        found.subnets(FoundLab.Role.PRIVATE).forEach(s -> lines.add(s.describe() + " -> " + s.routeTableId()));
        if (found.internetGateway() != null) {
            lines.add("internet gateway = " + found.internetGateway().id());
        }
        found.natGateway().ifPresent(n -> lines.add("NAT gateway = " + n.id() + " in " + n.subnetId()));
        if (found.loadBalancerGroup() != null) {
            lines.add("load balancer security group = " + found.loadBalancerGroup().label());
        }
        found.taskGroups().forEach(g -> lines.add("tasks' security group = " + g.label()));
        if (found.loadBalancer() != null) {
            lines.add("load balancer = " + found.loadBalancer().name() + " (" + found.loadBalancer().dnsName() + ")");
        }
        if (found.targetGroup() != null) {
            lines.add("target group = " + found.targetGroup().name());
        }
        if (found.service() != null) {
            lines.add("ECS service = " + found.service().name() + " in cluster " + found.service().clusterName());
        }
        if (found.taskDefinition() != null) {
            String arn = found.taskDefinition().arn();
            lines.add("task definition = " + Arns.lastPart(arn));
        }
        if (found.logGroup() != null) {
            lines.add("log group = " + found.logGroup().name());
        }
        return lines;
    }
}
