package dev.labconsole.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/** The clients' configuration as the SDK sees it after building them. */
class AwsClientsTest {

    @Test
    void everyClientRetriesInStandardModeWithTenAttempts() {
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, URI.create("http://127.0.0.1:9")),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))) {
            for (RetryStrategy strategy : new RetryStrategy[] {
                aws.ec2().serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow(),
                aws.ecs().serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow(),
                aws.s3().serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow(),
                aws.s3Async().serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow()}) {
                assertThat(strategy).isInstanceOf(StandardRetryStrategy.class);
                assertThat(strategy.maxAttempts()).isEqualTo(10);
            }
        }
    }
}
