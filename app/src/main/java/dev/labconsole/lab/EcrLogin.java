package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.image.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * The lab's ECR registry and a login for it, from {@code GetAuthorizationToken}: what
 * {@code aws ecr get-login-password} does. The token is valid 12 hours and lives in memory only.
 *
 * @param host the registry host, {@code <account>.dkr.ecr.<region>.amazonaws.com}
 * @param credentials user {@code AWS} and the token
 */
public record EcrLogin(String host, RegistryCredentials credentials) {

    /** Asks ECR for a login; AWS errors come back explained (expired token, access denied). */
    public static EcrLogin of(AwsClients aws) {
        AuthorizationData data;
        try {
            data = aws.ecr().getAuthorizationToken(r -> { }).authorizationData().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("ECR returned no authorization data"));
        } catch (RuntimeException e) {
            throw AwsErrors.explain("logging in to ECR (GetAuthorizationToken)", e);
        }
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("ECR returned an authorization token in an unknown form");
        }
        String endpoint = data.proxyEndpoint() == null ? "" : data.proxyEndpoint();
        String host = endpoint.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        return new EcrLogin(host, new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
