package dev.labconsole.runtime.source;

import java.net.URI;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client model downloads use: the SDK's default credential chain (environment,
 * profiles with session tokens, SSO), the region from the profile or environment, and an emulator
 * endpoint when {@code AWS_ENDPOINT_URL} names one.
 */
public final class S3Clients {

    private S3Clients() {
    }

    /** A client configured from the environment; {@code us-east-1} when no region is configured. */
    public static S3Client fromEnvironment() {
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        return create(endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint), null);
    }

    /**
     * A client for {@code region} (null: from the environment) talking to {@code endpoint} (null: AWS).
     * An overridden endpoint uses path-style addressing, which emulators need.
     */
    public static S3Client create(URI endpoint, Region region) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(region != null ? region : regionOrDefault())
                .crossRegionAccessEnabled(endpoint == null);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    private static Region regionOrDefault() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }
}
