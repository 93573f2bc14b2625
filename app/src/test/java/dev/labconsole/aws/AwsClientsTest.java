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

    @Test
    void anExpiredSessionSaysHowToRenewTheCredentialsTheWayTheyWereGiven() {
        software.amazon.awssdk.awscore.exception.AwsServiceException expired =
                software.amazon.awssdk.awscore.exception.AwsServiceException.builder().statusCode(400)
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("ExpiredToken").errorMessage("The security token included in the request is"
                                        + " expired").build()).build();
        try (AwsClients pasted = AwsClients.create(new AwsTarget("us-east-1", null, URI.create("http://127.0.0.1:9")),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")));
                AwsClients profile = AwsClients.create(new AwsTarget("us-east-1", "academy", null));
                AwsClients chain = AwsClients.create(new AwsTarget("us-east-1", null, null))) {
            assertThat(pasted.explain("creating the VPC", expired).getMessage())
                    .startsWith("your AWS session has expired while creating the VPC: paste fresh credentials")
                    .contains("Connect page");
            assertThat(profile.explain("creating the VPC", expired).getMessage())
                    .contains("profile 'academy' of ~/.aws/credentials").contains("aws sso login --profile academy");
            assertThat(chain.explain("creating the VPC", expired).getMessage()).contains("AWS_SESSION_TOKEN");
        }
    }
}
