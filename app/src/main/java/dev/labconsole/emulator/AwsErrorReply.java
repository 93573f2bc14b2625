package dev.labconsole.emulator;

import java.nio.charset.StandardCharsets;

/**
 * An error answer as the service would give it: an XML {@code <Response><Errors>} body for the query
 * protocol, a JSON {@code __type} body for the JSON protocol, an {@code <Error>} body for S3.
 *
 * @param status the HTTP status
 * @param contentType the body's content type
 * @param body the body
 */
record AwsErrorReply(int status, String contentType, byte[] body) {

    static AwsErrorReply of(AwsRequest request, int status, String code, String message) {
        String safe = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        if (request.protocol() == AwsRequest.Protocol.QUERY && !"ec2".equals(request.service())) {
            // ELB, IAM and STS wrap errors in ErrorResponse; only EC2 uses Response/Errors.
            return new AwsErrorReply(status, "text/xml", ("<ErrorResponse><Error><Type>" + (status >= 500 ? "Receiver"
                    : "Sender") + "</Type><Code>" + code + "</Code><Message>" + safe + "</Message></Error>"
                    + "<RequestId>emulator</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8));
        }
        return switch (request.protocol()) {
            case JSON -> new AwsErrorReply(status, "application/x-amz-json-1.1",
                    ("{\"__type\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            case QUERY -> new AwsErrorReply(status, "text/xml", ("<Response><Errors><Error><Code>" + code
                    + "</Code><Message>" + safe + "</Message></Error></Errors><RequestID>emulator</RequestID></Response>")
                    .getBytes(StandardCharsets.UTF_8));
            case REST -> new AwsErrorReply(status, "application/xml", ("<Error><Code>" + code + "</Code><Message>" + safe
                    + "</Message><RequestId>emulator</RequestId></Error>").getBytes(StandardCharsets.UTF_8));
        };
    }
}
