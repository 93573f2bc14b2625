package dev.labconsole.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns SDK exceptions into {@link AwsProblem}s a student can act on. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /** The error code of an AWS service exception, or null for anything else. */
    public static String code(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AwsProblem problem && problem.code() != null) {
                return problem.code();
            }
            if (t instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                return service.awsErrorDetails().errorCode();
            }
        }
        return null;
    }

    /** Whether {@code error} is an AWS error whose code equals or ends with one of {@code codes}. */
    public static boolean hasCode(Throwable error, String... codes) {
        String code = code(error);
        if (code == null) {
            return false;
        }
        for (String c : codes) {
            if (code.equals(c) || code.endsWith(c)) {
                return true;
            }
        }
        return false;
    }

    /** What renews expired credentials when nothing more is known of how they were given. */
    static final String RENEW_ANY_WAY = "copy fresh credentials from AWS Academy (AWS Details > AWS CLI) into"
            + " ~/.aws/credentials, then run the same command again; it resumes where it stopped";

    /** A clear problem for {@code error} raised while doing {@code action} (e.g. "creating the VPC"). */
    public static AwsProblem explain(String action, Throwable error) {
        return explain(action, error, RENEW_ANY_WAY);
    }

    /**
     * {@link #explain(String, Throwable)} with what renews the credentials the way the student connected
     * ({@code renewCredentials}: a profile, pasted keys, the environment), said when the session expired.
     */
    public static AwsProblem explain(String action, Throwable error, String renewCredentials) {
        if (error instanceof AwsProblem problem) {
            return problem;
        }
        String code = code(error);
        String message = message(error);
        String text;
        if (code != null && (code.equals("ExpiredToken") || code.equals("ExpiredTokenException")
                || code.equals("RequestExpired") || message.contains("security token included in the request is expired"))) {
            text = "your AWS session has expired while " + action + ": " + renewCredentials;
        } else if (code != null && (code.contains("AccessDenied") || code.equals("UnauthorizedOperation")
                || code.equals("AuthorizationError"))) {
            text = "access denied while " + action + " (" + message + "): your credentials are not allowed this"
                    + " action; in AWS Academy use the lab's own credentials and region us-east-1";
        } else if (code != null && (code.equals("InvalidClientTokenId") || code.equals("UnrecognizedClientException")
                || code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch"))) {
            text = "AWS does not accept these credentials while " + action + ": check the access key, secret and"
                    + " session token in ~/.aws/credentials (or the environment)";
        } else if (code != null && code.equals("BucketAlreadyExists")) {
            text = "the bucket name is taken by another AWS account (bucket names are global): choose another"
                    + " with --bucket";
        } else if (code != null && (code.contains("LimitExceeded") || code.contains("Quota")
                || code.equals("AddressLimitExceeded") || code.equals("VpcLimitExceeded"))) {
            text = "an AWS quota was reached while " + action + " (" + message + "): delete unused resources of"
                    + " that kind (e.g. old VPCs or Elastic IPs) or ask for a higher quota";
        } else if (error instanceof SdkClientException && message.contains("Unable to load credentials")) {
            text = "no AWS credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN"
                    + " for AWS Academy), put them in ~/.aws/credentials, or pass --profile";
        } else if (error instanceof SdkClientException && unreachable(error) != null) {
            text = unreachable(error) + " while " + action + ": " + UNREACHABLE_ADVICE;
        } else if (error instanceof SdkClientException && profileWithoutCredentials(message) != null) {
            text = "the profile '" + profileWithoutCredentials(message) + "' holds no credentials: add its"
                    + " aws_access_key_id and aws_secret_access_key to ~/.aws/credentials (or run 'aws configure"
                    + " --profile " + profileWithoutCredentials(message) + "'), or pass another --profile";
        } else if (error instanceof SdkClientException) {
            text = "could not reach AWS while " + action + ": " + withoutSdkNoise(message);
        } else if (error instanceof AwsServiceException service && (code == null || code.isBlank())) {
            // No AWS error code: whatever answered is not AWS nor an emulator of it (a web server, a proxy).
            text = "the endpoint answered HTTP " + service.statusCode() + " without an AWS error while " + action
                    + ": it is not AWS or an AWS emulator; check --endpoint (or AWS_ENDPOINT_URL), e.g."
                    + " http://127.0.0.1:5000 for moto_server";
        } else {
            text = action + " failed: " + message;
        }
        return new AwsProblem(text, code, error);
    }

    private static final String UNREACHABLE_ADVICE = "with --endpoint (or AWS_ENDPOINT_URL) check the address and"
            + " that the emulator runs there (practice mode uses http://, e.g. http://127.0.0.1:5000); without it,"
            + " check this machine's network connection";

    /**
     * What kept the request from reaching anyone, in the student's words (connection refused, no such
     * host, TLS spoken to a plain HTTP port), or null when it is something else.
     */
    static String unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "nothing answers at the AWS endpoint (connection refused)";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "the AWS endpoint's host name does not resolve";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "the AWS endpoint does not speak HTTPS (an emulator on this machine usually speaks plain http://)";
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern NO_PROFILE_CREDENTIALS =
            java.util.regex.Pattern.compile("contained no credentials for profile '([^']*)'");

    private static String profileWithoutCredentials(String message) {
        java.util.regex.Matcher m = NO_PROFILE_CREDENTIALS.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    // The SDK appends its retry count; it tells a student nothing.
    private static String withoutSdkNoise(String message) {
        return message.replaceAll("\\s*\\(SDK Attempt Count: \\d+\\)", "").replace("Unable to execute HTTP request: ", "");
    }

    private static String message(Throwable error) {
        if (error instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        String m = error.getMessage();
        return m == null ? error.getClass().getSimpleName() : m;
    }
}
