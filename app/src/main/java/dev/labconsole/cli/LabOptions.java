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

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    /** What is wrong with --region, --profile and --endpoint, one line each; nothing is called. */
    List<String> awsProblems() {
        try {
            AwsTarget.of(region, profile, endpoint);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage().split("\n"));
        }
    }

    // Tests cannot set LABCONSOLE_HOME in-process, so they give the state folder here.
    @Option(names = "--home", paramLabel = "DIR", hidden = true,
            description = "Where the state files live (default: $LABCONSOLE_HOME, else ~/.labconsole).")
    Path home;
}
