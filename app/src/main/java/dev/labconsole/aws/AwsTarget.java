package dev.labconsole.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the lab's AWS calls go: a region, an optional named profile and an optional endpoint (an
 * emulator such as moto). Holds no credentials: those come from the SDK's default chain or the profile.
 *
 * @param region the region, or null for the profile's / environment's region ({@code us-east-1} if none)
 * @param profile a profile name from {@code ~/.aws}, or null for the default chain
 * @param endpoint an endpoint every client talks to instead of AWS, or null
 */
public record AwsTarget(String region, String profile, URI endpoint) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
    private static final Pattern PROFILE = Pattern.compile("[\\w+=,.@-]{1,128}");

    /** From command-line values, falling back to {@code AWS_ENDPOINT_URL}; throws listing every problem. */
    public static AwsTarget of(String region, String profile, String endpoint) {
        List<String> problems = new ArrayList<>();
        if (region != null && !REGION.matcher(region).matches()) {
            problems.add("--region '" + region + "': use a region code such as us-east-1");
        }
        if (profile != null && !PROFILE.matcher(profile).matches()) {
            problems.add("--profile '" + profile + "': use a profile name from ~/.aws/credentials, e.g. default");
        }
        String url = endpoint != null ? endpoint : System.getenv("AWS_ENDPOINT_URL");
        URI uri = null;
        if (url != null && !url.isBlank()) {
            try {
                uri = URI.create(url.trim());
                if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                problems.add("--endpoint '" + url + "': use an http(s) URL such as http://127.0.0.1:5000");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new AwsTarget(region, profile, uri);
    }

    /** Whether the calls go to an emulator rather than AWS. */
    public boolean emulated() {
        return endpoint != null;
    }
}
