package dev.labconsole.cli;

import dev.labconsole.aws.AwsTarget;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every lab command takes: which lab, where AWS is, and how to print. */
final class LabOptions {

    @Option(names = "--lab", paramLabel = "NAME", defaultValue = "sentiment-app",
            description = "The lab's name, the prefix of every resource name (default: ${DEFAULT-VALUE}).")
    String lab;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The AWS region, e.g. us-east-1 (default: the profile's or AWS_REGION).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "A profile from ~/.aws (default: the SDK's chain).")
    String profile;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "An emulator's URL such as http://127.0.0.1:5000 (default: $AWS_ENDPOINT_URL, else AWS).")
    String endpoint;

    @Option(names = "--registry", paramLabel = "HOST:PORT",
            description = "Practice mode only: a local registry on this machine that stands in for ECR (the emulator"
                    + " has none), e.g. 127.0.0.1:5001 from Debian's docker-registry.")
    String registry;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    /** What is wrong with --region, --profile and --endpoint, one line each; nothing is called. */
    List<String> awsProblems() {
        List<String> problems = new java.util.ArrayList<>();
        try {
            AwsTarget.of(region, profile, endpoint);
        } catch (IllegalArgumentException e) {
            problems.addAll(List.of(e.getMessage().split("\n")));
        }
        if (problems.stream().noneMatch(p -> p.startsWith("--profile"))) {
            java.util.Optional.ofNullable(dev.labconsole.lab.AwsProfiles.problem(profile)).ifPresent(problems::add);
        }
        if (registry != null) {
            if (!dev.labconsole.lab.PracticeRegistry.isLoopback(registry)) {
                problems.add("--registry '" + registry + "': give the host:port of a registry on this machine, e.g."
                        + " 127.0.0.1:5001 (practice mode pushes there over plain HTTP; on AWS the lab pushes to ECR)");
            } else if (endpoint == null && System.getenv("AWS_ENDPOINT_URL") == null) {
                problems.add("--registry is for practice mode: use it with --endpoint URL (on AWS the lab pushes to ECR)");
            }
        }
        return problems;
    }

    // Tests cannot set LABCONSOLE_HOME in-process, so they give the state folder here.
    @Option(names = "--home", paramLabel = "DIR", hidden = true,
            description = "Where the state files live (default: $LABCONSOLE_HOME, else ~/.labconsole).")
    Path home;
}
