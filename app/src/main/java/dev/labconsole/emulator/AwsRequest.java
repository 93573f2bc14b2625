package dev.labconsole.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request to the emulator, parsed just enough to know what it asks: the protocol, the action and
 * its parameters (query protocol: EC2, ELB, IAM, STS), or its JSON body (JSON protocol: ECS, ECR,
 * CloudWatch Logs), and the access key that signed it. S3's REST requests have no action here.
 *
 * @param protocol how the service speaks
 * @param action the operation ("CreateVpc", "CreateCluster"), or "" for S3 and unknown requests
 * @param params the query protocol's form parameters (first value of each), empty otherwise
 * @param json the JSON protocol's body, null otherwise
 * @param accessKeyId the key id from the request's signature, or "" when unsigned
 * @param service the signing name from the signature's scope ("ec2", "elasticloadbalancing", "ecs", "s3")
 * @param method the HTTP method
 * @param path the request's path (S3 names its bucket and key here)
 */
public record AwsRequest(Protocol protocol, String action, Map<String, String> params, JsonNode json,
        String accessKeyId, String service, String method, String path) {

    /** How a service encodes requests and errors. */
    public enum Protocol { QUERY, JSON, REST }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/[^/]+/([^/]+)/");

    /** Parses a request from its method, headers (lower-case names) and body. */
    static AwsRequest parse(String method, String path, String query, Map<String, String> headers, byte[] body) {
        String accessKey = "";
        String service = "";
        Matcher credential = CREDENTIAL.matcher(headers.getOrDefault("authorization", ""));
        if (credential.find()) {
            accessKey = credential.group(1);
            service = credential.group(2);
        }
        String target = headers.get("x-amz-target");
        if (target != null) {
            JsonNode node;
            try {
                node = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                node = JSON.createObjectNode();
            }
            return new AwsRequest(Protocol.JSON, target.substring(target.lastIndexOf('.') + 1), Map.of(), node,
                    accessKey, service, method, path);
        }
        String contentType = headers.getOrDefault("content-type", "");
        String form = "POST".equals(method) && contentType.startsWith("application/x-www-form-urlencoded")
                ? new String(body, StandardCharsets.UTF_8) : "GET".equals(method) && query != null ? query : "";
        Map<String, String> params = form(form);
        String action = params.get("Action");
        if (action != null) {
            return new AwsRequest(Protocol.QUERY, action, params, null, accessKey, service, method, path);
        }
        return new AwsRequest(Protocol.REST, "", Map.of(), null, accessKey, service, method, path);
    }

    private static Map<String, String> form(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return params;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }

    /** A form parameter, or a top-level JSON string field, or null. */
    public String param(String name) {
        if (protocol == Protocol.JSON) {
            JsonNode value = json.get(name);
            return value == null || !value.isValueNode() ? null : value.asText();
        }
        return params.get(name);
    }

    /** Every parameter value (form values, or JSON strings at any depth) that looks like an AWS id. */
    List<String> values() {
        List<String> values = new ArrayList<>();
        if (protocol == Protocol.JSON) {
            collect(json, values);
        } else {
            values.addAll(params.values());
        }
        return values;
    }

    private static void collect(JsonNode node, List<String> into) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> collect(child, into));
    }
}
