package dev.labconsole.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The SDK's failures when an endpoint goes away mid-run (refused, TLS to a plain port, not AWS at all) or a
 * profile holds no keys, as the SDK raises them, turned into the student's words without the SDK's text.
 */
class AwsErrorsTest {

    @Test
    void aRefusedConnectionSaysNothingAnswersAndWhatToCheck() {
        SdkClientException refused = SdkClientException.builder()
                .message("Unable to execute HTTP request: Connect to 127.0.0.1:1 [/127.0.0.1] failed: Connection refused"
                        + " (SDK Attempt Count: 10)")
                .cause(new ConnectException("Connection refused")).build();
        String text = AwsErrors.explain("creating the VPC", refused).getMessage();
        assertThat(text).startsWith("nothing answers at the AWS endpoint (connection refused) while creating the VPC")
                .contains("--endpoint").doesNotContain("SDK Attempt").doesNotContain("Unable to execute");
    }

    @Test
    void tlsSpokenToAPlainPortSaysSo() {
        SdkClientException tls = SdkClientException.builder().message("Unable to execute HTTP request: Unsupported or"
                + " unrecognized SSL message").cause(new SSLException("Unsupported or unrecognized SSL message")).build();
        assertThat(AwsErrors.explain("doing 'Identity'", tls).getMessage()).contains("does not speak HTTPS")
                .contains("http://").doesNotContain("SSL message");
    }

    @Test
    void anAnswerWithoutAnAwsErrorIsNotAws() {
        AwsServiceException notAws = AwsServiceException.builder().statusCode(404).message("(Service: Sts, Status"
                + " Code: 404, Request ID: null)").build();
        assertThat(AwsErrors.explain("finding out who you are", notAws).getMessage())
                .startsWith("the endpoint answered HTTP 404 without an AWS error while finding out who you are")
                .doesNotContain("Request ID");
    }

    @Test
    void aProfileWithoutKeysIsNamedWithoutTheSdksDump() {
        SdkClientException empty = SdkClientException.builder().message("Profile file contained no credentials for"
                + " profile 'lab': ProfileFile(sections=[])").build();
        assertThat(AwsErrors.explain("doing 'Identity'", empty).getMessage())
                .startsWith("the profile 'lab' holds no credentials").doesNotContain("ProfileFile(");
    }
}
