package dev.labconsole.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Every SDK client the lab uses, built once for one {@link AwsTarget} and closed together.
 *
 * <p>All clients share one HTTP connection pool and the SDK's standard retry mode with more attempts
 * than the default, so throttling, 5xx answers and dropped connections are retried with backoff and
 * jitter. With an overridden endpoint S3 uses path-style addressing and host-prefix injection is off
 * (emulators serve every API on one host).
 */
public final class AwsClients implements AutoCloseable {

    private static final int MAX_ATTEMPTS = 10;

    private final AwsTarget target;
    private final Region region;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    /** Whether the caller handed the credentials over (pasted keys), rather than a profile or the chain. */
    private final boolean givenCredentials;
    private final List<AutoCloseable> built = new ArrayList<>();

    private final Ec2Client ec2;
    private final S3Client s3;
    private final EcrClient ecr;
    private final EcsClient ecs;
    private final ElasticLoadBalancingV2Client elb;
    private final CloudWatchLogsClient logs;
    private final IamClient iam;
    private final StsClient sts;
    private S3AsyncClient s3Async;
    private software.amazon.awssdk.services.budgets.BudgetsClient budgets;
    private software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch;
    private software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient autoScaling;

    private AwsClients(AwsTarget target, AwsCredentialsProvider credentials) {
        this.target = target;
        this.givenCredentials = credentials != null;
        this.region = resolveRegion(target);
        this.credentials = credentials != null ? credentials : chain(target);
        this.http = ApacheHttpClient.builder().maxConnections(32).connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60)).build();
        built.add(http);
        ec2 = configure(Ec2Client.builder());
        ecr = configure(EcrClient.builder());
        ecs = configure(EcsClient.builder());
        elb = configure(ElasticLoadBalancingV2Client.builder());
        logs = configure(CloudWatchLogsClient.builder());
        sts = configure(StsClient.builder());
        // IAM is global: its endpoint lives in us-east-1 (aws-global) whatever the lab's region.
        iam = target.emulated() ? configure(IamClient.builder()) : configure(IamClient.builder().region(Region.AWS_GLOBAL));
        s3 = configure(software.amazon.awssdk.services.s3.S3Client.builder().forcePathStyle(target.emulated()));
    }

    /**
     * The profile's credentials, or the SDK's default chain (environment, profiles with session
     * tokens, SSO). An emulator accepts any key, so practice mode falls back to a dummy one rather
     * than making a student without an AWS account configure credentials.
     */
    private static AwsCredentialsProvider chain(AwsTarget target) {
        AwsCredentialsProvider real = target.profile() != null ? ProfileCredentialsProvider.create(target.profile())
                : DefaultCredentialsProvider.builder().build();
        if (!target.emulated()) {
            return real;
        }
        return AwsCredentialsProviderChain.of(real,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("practice", "practice")));
    }

    /** Clients for {@code target} with the SDK's default credential chain (or the target's profile). */
    public static AwsClients create(AwsTarget target) {
        return new AwsClients(target, null);
    }

    /** Clients for {@code target} with the given credentials (tests: static keys for an emulator). */
    public static AwsClients create(AwsTarget target, AwsCredentialsProvider credentials) {
        return new AwsClients(target, credentials);
    }

    /**
     * The SDK's standard mode (backoff with jitter, retry quota, throttling and transient errors) with
     * more attempts than its default three.
     */
    static software.amazon.awssdk.retries.api.RetryStrategy standardRetries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build();
    }

    private <C extends AutoCloseable, B extends AwsClientBuilder<B, C>> C configure(B builder) {
        builder.credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        // One call: a second retryStrategy(...) replaces the first, and the mode would be lost.
                        .retryStrategy(standardRetries())
                        .apiCallAttemptTimeout(Duration.ofSeconds(60))
                        // All attempts together: a service that stops answering is an error in minutes, not ten.
                        .apiCallTimeout(Duration.ofMinutes(3))
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, target.emulated())
                        .build());
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        if (!isGlobal(builder)) {
            builder.region(region);
        }
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        C client = builder.build();
        built.add(client);
        return client;
    }

    private boolean isGlobal(Object builder) {
        return (builder instanceof software.amazon.awssdk.services.iam.IamClientBuilder
                || builder instanceof software.amazon.awssdk.services.budgets.BudgetsClientBuilder) && !target.emulated();
    }

    private static Region resolveRegion(AwsTarget target) {
        if (target.region() != null) {
            return Region.of(target.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().profileName(target.profile()).build().getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }

    public AwsTarget target() {
        return target;
    }

    /** What renews these clients' credentials, the way they were given: pasted keys, a profile, or the chain. */
    public String renewCredentials() {
        String resume = "; the lab resumes where it stopped";
        if (givenCredentials) {
            return "paste fresh credentials from AWS Academy (AWS Details > AWS CLI) on the Connect page and"
                    + " connect again, then run it again" + resume;
        }
        if (target.profile() != null) {
            return "put fresh credentials into profile '" + target.profile() + "' of ~/.aws/credentials (AWS Academy:"
                    + " AWS Details > AWS CLI), or run 'aws sso login --profile " + target.profile() + "' for an SSO"
                    + " profile, then run the same command again" + resume;
        }
        return "renew the credentials where they come from (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and"
                + " AWS_SESSION_TOKEN in the environment, or the default profile in ~/.aws/credentials; AWS Academy:"
                + " AWS Details > AWS CLI), then run the same command again" + resume;
    }

    /** {@link AwsErrors#explain(String, Throwable)} with {@link #renewCredentials()} for an expired session. */
    public AwsProblem explain(String action, Throwable error) {
        // A step that explained the error itself did not know how the credentials were given: say it now.
        if (error instanceof AwsProblem problem && problem.getMessage().contains(AwsErrors.RENEW_ANY_WAY)) {
            return new AwsProblem(problem.getMessage().replace(AwsErrors.RENEW_ANY_WAY, renewCredentials()),
                    problem.code(), problem);
        }
        return AwsErrors.explain(action, error, renewCredentials());
    }

    public Region region() {
        return region;
    }

    /** The credentials every client signs with (for a short-lived client the lab hands to a library). */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public S3Client s3() {
        return s3;
    }

    /**
     * The asynchronous S3 client the transfer manager needs (multipart, Netty), built on first use with
     * the same region, credentials and endpoint as {@link #s3()}.
     */
    public synchronized S3AsyncClient s3Async() {
        if (s3Async == null) {
            var builder = S3AsyncClient.builder()
                    .credentialsProvider(credentials)
                    .region(region)
                    .multipartEnabled(true)
                    .forcePathStyle(target.emulated())
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(32)
                            .connectionTimeout(Duration.ofSeconds(10)))
                    .overrideConfiguration(o -> {
                        o.retryStrategy(standardRetries());
                        if (target.emulated()) {
                            // Emulators answer "Expect: 100-continue" with an interim 100 that the Netty
                            // client takes for the final answer; real S3 handles it as it should.
                            o.addExecutionInterceptor(new ExecutionInterceptor() {
                                @Override
                                public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                        ExecutionAttributes attributes) {
                                    return context.httpRequest().toBuilder().removeHeader("Expect").build();
                                }
                            });
                        }
                    });
            if (target.endpoint() != null) {
                builder.endpointOverride(target.endpoint());
            }
            s3Async = builder.build();
            built.add(s3Async);
        }
        return s3Async;
    }

    public EcrClient ecr() {
        return ecr;
    }

    public EcsClient ecs() {
        return ecs;
    }

    public ElasticLoadBalancingV2Client elb() {
        return elb;
    }

    public CloudWatchLogsClient logs() {
        return logs;
    }

    /** Application Auto Scaling (the service's task count); built on first use. */
    public synchronized software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient autoScaling() {
        if (autoScaling == null) {
            autoScaling = configure(software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient
                    .builder());
        }
        return autoScaling;
    }

    /** CloudWatch metrics and alarms (the lab's section 6); built on first use. */
    public synchronized software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            cloudWatch = configure(software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder());
        }
        return cloudWatch;
    }

    /** AWS Budgets (global, like IAM); built on first use, since only the Account page needs it. */
    public synchronized software.amazon.awssdk.services.budgets.BudgetsClient budgets() {
        if (budgets == null) {
            var builder = software.amazon.awssdk.services.budgets.BudgetsClient.builder();
            budgets = target.emulated() ? configure(builder) : configure(builder.region(Region.AWS_GLOBAL));
        }
        return budgets;
    }

    public IamClient iam() {
        return iam;
    }

    public StsClient sts() {
        return sts;
    }

    /**
     * An asynchronous CloudWatch Logs client, for Live Tail's event stream (the sync client cannot
     * hold one). Built on first use; the caller closes it.
     */
    public software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient newLogsAsync() {
        var builder = software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient.builder()
                .credentialsProvider(credentials).region(region)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, target.emulated())
                        .build());
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        return builder.build();
    }

    @Override
    public synchronized void close() {
        for (int i = built.size() - 1; i >= 0; i--) {
            try {
                built.get(i).close();
            } catch (Exception ignored) {
                // Closing is best effort: a client that fails to close holds nothing the lab needs.
            }
        }
    }
}
