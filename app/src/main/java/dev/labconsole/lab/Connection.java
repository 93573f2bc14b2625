package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * How to reach AWS, as the command line or the Connect page gives it, without any SDK type, so the
 * window can hold one.
 *
 * @param region a region code, or null for the profile's / environment's
 * @param profile a profile in {@code ~/.aws}, or null for the default chain
 * @param endpoint an emulator URL (practice mode), or null for AWS ({@code AWS_ENDPOINT_URL} is read too)
 * @param pasted credentials pasted into the window (AWS Academy's "AWS Details"), kept in memory
 *               only, or null
 * @param practiceRegistry practice mode only: {@code host:port} of a loopback registry that stands in for
 *                         ECR (the emulator has none), or null
 */
public record Connection(String region, String profile, String endpoint, PastedCredentials pasted,
        String practiceRegistry) {

    public Connection(String region, String profile, String endpoint, PastedCredentials pasted) {
        this(region, profile, endpoint, pasted, null);
    }

    /** This connection with a local registry standing in for ECR in practice mode. */
    public Connection withPracticeRegistry(String registry) {
        return new Connection(region, profile, endpoint, pasted, registry);
    }

    /**
     * The three values AWS Academy shows under "AWS Details". Never written anywhere; {@link #toString}
     * hides them so a log line cannot leak them.
     */
    public record PastedCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "PastedCredentials[hidden]";
        }
    }

    /** Checks the values (no AWS call) and builds the clients. */
    public AwsClients clients() {
        AwsTarget target = AwsTarget.of(region, profile, endpoint);
        if (pasted != null) {
            return AwsClients.create(target, StaticCredentialsProvider.create(pasted.sessionToken() == null
                    || pasted.sessionToken().isBlank()
                    ? software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(pasted.accessKeyId(),
                            pasted.secretAccessKey())
                    : AwsSessionCredentials.create(pasted.accessKeyId(), pasted.secretAccessKey(),
                            pasted.sessionToken())));
        }
        return AwsClients.create(target);
    }
}
