package dev.labconsole.runtime.source;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns S3 failures into sentences a student can act on. */
final class S3Errors {

    private S3Errors() {
    }

    static String explain(SdkException error, S3Location location) {
        if (error instanceof NoSuchBucketException) {
            return "bucket " + location.bucket() + " does not exist (check the name, and the region or endpoint)";
        }
        if (error instanceof NoSuchKeyException) {
            return "nothing found at " + location;
        }
        if (error instanceof S3Exception s3Error) {
            String code = s3Error.awsErrorDetails() == null ? "" : s3Error.awsErrorDetails().errorCode();
            if ("ExpiredToken".equals(code) || "TokenRefreshRequired".equals(code)) {
                return "your AWS session token has expired: copy fresh credentials (in AWS Academy: AWS Details)";
            }
            if (s3Error.statusCode() == 403) {
                return "access denied reading " + location + " (s3:ListBucket and s3:GetObject are needed): "
                        + code;
            }
            if (s3Error.statusCode() == 412) {
                return "an object under " + location + " changed while it was downloaded; try again";
            }
            return "S3 refused " + location + ": " + code + " (HTTP " + s3Error.statusCode() + ")";
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (error instanceof SdkClientException && message.contains("credentials")) {
            return "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and"
                    + " AWS_SESSION_TOKEN for AWS Academy), or choose a profile with AWS_PROFILE";
        }
        return "cannot reach S3 for " + location + ": " + message;
    }
}
