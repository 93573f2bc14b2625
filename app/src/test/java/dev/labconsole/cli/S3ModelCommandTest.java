package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code predict --model s3://...} as a user runs it: a separate process that finds the emulator
 * through {@code AWS_ENDPOINT_URL} and credentials through the environment, like any AWS tool.
 */
@ExtendWith(MotoExtension.class)
class S3ModelCommandTest {

    @TempDir
    Path home;

    @Test
    void predictsWithAModelDownloadedFromS3(MotoServer moto) throws Exception {
        String bucket = "labconsole-cli-models";
        try (S3Client s3 = S3Client.builder().endpointOverride(moto.endpoint()).forcePathStyle(true)
                .region(MotoServer.REGION).credentialsProvider(MotoServer.CREDENTIALS).build();
                var files = Files.list(ProjectFiles.bundledModel())) {
            s3.createBucket(b -> b.bucket(bucket));
            for (Path file : files.toList()) {
                s3.putObject(b -> b.bucket(bucket).key("models/sentiment/" + file.getFileName()), RequestBody.fromFile(file));
            }
        }
        Path log = home.resolve("predict.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.labconsole.Launcher",
                "predict", "--model", "s3://" + bucket + "/models/sentiment/", "--text", "warm , funny and wise", "--json"))
                .redirectError(log.toFile());
        builder.environment().put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("AWS_REGION", "us-east-1");
        builder.environment().put("LABCONSOLE_HOME", home.toString());
        // The native libraries are unpacked once per machine, not into this test's temporary home.
        String djlCache = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        if (djlCache != null) {
            builder.environment().put("DJL_CACHE_DIR", djlCache);
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        assertThat(out).contains("\"label\":\"positive\"");
        assertThat(Files.readString(log)).contains("downloading model.pt");
        try (var cached = Files.walk(home.resolve("models/s3"))) {
            assertThat(cached.filter(p -> p.getFileName().toString().equals("model.pt"))).hasSize(1);
        }
    }
}
