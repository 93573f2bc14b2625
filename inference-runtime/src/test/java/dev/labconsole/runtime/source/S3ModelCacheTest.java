package dev.labconsole.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.runtime.model.ModelException;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(MotoExtension.class)
class S3ModelCacheTest {

    @TempDir
    Path cache;

    private S3Client s3;
    private String bucket;

    @BeforeEach
    void createBucket(MotoServer moto) {
        s3 = S3Client.builder()
                .endpointOverride(moto.endpoint())
                .forcePathStyle(true)
                .region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS)
                .build();
        bucket = "models-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterEach
    void close() {
        s3.close();
    }

    private void put(String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private List<Path> versions() throws IOException {
        try (Stream<Path> models = Files.list(cache.resolve("s3"))) {
            List<Path> all = new ArrayList<>();
            for (Path model : models.toList()) {
                try (Stream<Path> v = Files.list(model)) {
                    all.addAll(v.toList());
                }
            }
            return all;
        }
    }

    @Test
    void downloadsEveryFileUnderThePrefixAndReusesThemWhileUnchanged() throws IOException {
        put("models/m/model.properties", "engine=PyTorch");
        put("models/m/labels.txt", "negative\npositive");
        put("models/m/sub/extra.bin", "123");
        put("models/other/ignored.txt", "not mine");
        S3ModelCache models = new S3ModelCache(s3, cache);

        long[] lastProgress = {0, 0};
        Path first = models.fetch(S3Location.parse("s3://" + bucket + "/models/m/"), (what, done, total) -> {
            lastProgress[0] = done;
            lastProgress[1] = total;
        });
        assertThat(Files.readString(first.resolve("labels.txt"))).isEqualTo("negative\npositive");
        assertThat(Files.readString(first.resolve("sub/extra.bin"))).isEqualTo("123");
        assertThat(first.resolve("ignored.txt")).doesNotExist();
        assertThat(lastProgress[0]).isEqualTo(lastProgress[1]).isEqualTo(14 + 17 + 3);

        long modified = Files.getLastModifiedTime(first.resolve("labels.txt")).toMillis();
        Path second = models.fetch(S3Location.parse("s3://" + bucket + "/models/m"), DownloadProgress.NONE);
        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second.resolve("labels.txt")).toMillis()).isEqualTo(modified);
    }

    @Test
    void aChangedObjectIsFetchedAgainIntoANewFolderAndTheOldOneGoes() throws IOException {
        put("m/model.properties", "engine=PyTorch");
        put("m/labels.txt", "a\nb");
        S3ModelCache models = new S3ModelCache(s3, cache);
        Path first = models.fetch(S3Location.parse("s3://" + bucket + "/m/"), DownloadProgress.NONE);

        put("m/labels.txt", "c\nd");
        Path second = models.fetch(S3Location.parse("s3://" + bucket + "/m/"), DownloadProgress.NONE);
        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readString(second.resolve("labels.txt"))).isEqualTo("c\nd");
        assertThat(Files.readString(second.resolve("model.properties"))).isEqualTo("engine=PyTorch");
        assertThat(versions()).containsExactly(second);
    }

    @Test
    void aDownloadThatFailsHalfWayLeavesNothingThatCouldBeUsed() throws IOException {
        put("m/model.properties", "engine=PyTorch");
        put("m/zz-weights.bin", "x".repeat(1000));
        S3ModelCache models = new S3ModelCache(s3, cache);
        assertThatThrownBy(() -> models.fetch(S3Location.parse("s3://" + bucket + "/m/"), (what, done, total) -> {
            if (what.contains("zz-weights")) {
                throw new IllegalStateException("connection lost");
            }
        })).hasMessageContaining("connection lost");
        assertThat(versions()).as("no version folder after a failed download").isEmpty();

        Path folder = models.fetch(S3Location.parse("s3://" + bucket + "/m/"), DownloadProgress.NONE);
        assertThat(Files.readString(folder.resolve("zz-weights.bin"))).hasSize(1000);
    }

    @Test
    void aSingleArchiveObjectIsDownloadedAndUnpacked() throws IOException {
        Path zip = cache.resolve("upload.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("model/model.properties"));
            out.write("engine=PyTorch".getBytes());
            out.closeEntry();
        }
        s3.putObject(b -> b.bucket(bucket).key("archives/model.zip"), RequestBody.fromFile(zip));
        Path folder = new S3ModelCache(s3, cache.resolve("c"))
                .fetch(S3Location.parse("s3://" + bucket + "/archives/model.zip"), DownloadProgress.NONE);
        assertThat(Files.readString(folder.resolve("model.properties"))).isEqualTo("engine=PyTorch");
    }

    @Test
    void aMissingBucketOrPrefixIsExplained() {
        S3ModelCache models = new S3ModelCache(s3, cache);
        assertThatThrownBy(() -> models.fetch(S3Location.parse("s3://no-such-bucket-here-1/m/"), DownloadProgress.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("bucket no-such-bucket-here-1 does not exist");
        assertThatThrownBy(() -> models.fetch(S3Location.parse("s3://" + bucket + "/nothing/"), DownloadProgress.NONE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("nothing found at s3://" + bucket + "/nothing/");
    }

    @Test
    void missingCredentialsAreExplained(MotoServer moto) {
        try (S3Client noCredentials = S3Client.builder()
                .endpointOverride(moto.endpoint())
                .forcePathStyle(true)
                .region(MotoServer.REGION)
                .credentialsProvider(ProfileCredentialsProvider.create("labconsole-test-no-such-profile"))
                .build()) {
            assertThatThrownBy(() -> new S3ModelCache(noCredentials, cache)
                    .fetch(S3Location.parse("s3://" + bucket + "/m/"), DownloadProgress.NONE))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("no AWS credentials found")
                    .hasMessageContaining("AWS_SESSION_TOKEN");
        }
    }

    @Test
    void badAddressesAreRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> S3Location.parse("s3://Bad_Bucket/x"))
                .hasMessageContaining("not a valid S3 bucket name");
        assertThatThrownBy(() -> S3Location.parse("https://bucket/x")).hasMessageContaining("not an s3:// address");
    }
}
