package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsErrors;
import dev.labconsole.lab.LabContext;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Creates for which AWS takes no client token (CreateVpc, CreateInternetGateway, AllocateAddress,
 * CreateSubnet, CreateSecurityGroup...): a reply lost after AWS acted must not make a retry create a
 * second one. The create is sent once, without the SDK's own retries; after a transient failure
 * (dropped or reset connection, throttling, 5xx) the lab looks for what the lost call may have made
 * (by the lab's tag, applied at create time) before it creates again.
 */
final class CreateOnce {

    /** Per request: the client's retries off, so the lab decides what a retry of this create means. */
    static final AwsRequestOverrideConfiguration SINGLE_ATTEMPT = AwsRequestOverrideConfiguration.builder()
            .addPlugin(config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry()).build()))
            .build();

    private CreateOnce() {
    }

    /**
     * {@code create} (given {@link #SINGLE_ATTEMPT} to pass on), retried through the context's backoff;
     * before each retry that follows a transient failure, {@code find} looks for what the failed call
     * may have created, and returns that instead. {@code passingCodes} are errors worth retrying as they
     * are (e.g. {@code InvalidVpcID.NotFound} right after the VPC's create).
     */
    static <T> T create(LabContext context, Supplier<Optional<T>> find,
            Function<AwsRequestOverrideConfiguration, T> create, String... passingCodes) {
        boolean[] mayExist = {false};
        return context.retry().call(() -> {
            if (mayExist[0]) {
                Optional<T> made = find.get();
                if (made.isPresent()) {
                    return made.get();
                }
            }
            try {
                return create.apply(SINGLE_ATTEMPT);
            } catch (RuntimeException e) {
                if (transientFailure(e)) {
                    mayExist[0] = true;
                }
                throw e;
            }
        }, e -> transientFailure(e) || AwsErrors.hasCode(e, passingCodes));
    }

    /** Errors after which the call may or may not have been done, and that pass: the SDK would retry them. */
    static boolean transientFailure(Throwable e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException && !(e.getMessage() != null
                && e.getMessage().contains("Unable to load credentials"));
    }
}
