package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The engine itself (what the window's Create calls) refuses a model it cannot load before its first
 * AWS call, with a typed result: nothing exists in the emulator afterwards and no state file is written.
 */
@ExtendWith(MotoExtension.class)
class ApplyChecksInputsFirstTest {

    @TempDir
    Path temp;

    private static LabConfig withModel(String lab, String model) {
        LabConfig d = LabConfig.named(lab);
        return new LabConfig(d.lab(), d.vpcCidr(), d.publicSubnetCidrs(), d.privateSubnetCidrs(), d.listenerPort(),
                d.containerPort(), d.healthCheckPath(), d.desiredCount(), d.cpu(), d.memoryMiB(), d.logRetentionDays(),
                d.bucketName(), d.image(), d.taskRoleArn(), d.executionRoleArn(), model, d.keepBucket());
    }

    private void assertRefusedBeforeAnyAwsCall(MotoServer moto, String lab, String model, String expected) {
        LabStateStore store = new LabStateStore(temp.resolve("home"));
        List<LabEvent> events = new ArrayList<>();
        try (LabEngine engine = LabEngine.connect(withModel(lab, model),
                new Connection("us-east-1", null, moto.endpoint().toString(), null), store, events::add)) {
            assertThat(engine.checkInputs().ok()).isFalse();
            assertThatThrownBy(engine::apply).isInstanceOfSatisfying(LabInputException.class, refused -> {
                assertThat(refused.check().problems()).singleElement().satisfies(problem -> {
                    assertThat(problem.option()).isEqualTo("--model");
                    assertThat(problem.message()).contains(expected).doesNotContain("Exception");
                });
            });
            assertThat(events).as("no step started").isEmpty();
            assertThat(engine.context().aws().ec2().describeVpcs(r -> r.filters(Filter.builder()
                    .name("tag:" + LabContext.LAB_TAG).values(lab).build())).vpcs()).isEmpty();
            assertThat(engine.context().aws().s3().listBuckets().buckets())
                    .noneMatch(bucket -> bucket.name().startsWith(lab + "-"));
        }
        assertThat(store.file(lab)).doesNotExist();
    }

    @Test
    void anEmptyModelFolderIsRefusedBeforeAnythingIsCreated(MotoServer moto) throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty-model"));
        assertRefusedBeforeAnyAwsCall(moto, "inputs-empty", empty.toString(), "has no model.properties");
    }

    @Test
    void aDamagedArchiveIsRefusedBeforeAnythingIsCreated(MotoServer moto) throws Exception {
        Path archive = Files.write(temp.resolve("model.tar.gz"), new byte[] {31, -117, 8, 0, 1, 2, 3});
        assertRefusedBeforeAnyAwsCall(moto, "inputs-archive", archive.toString(), "model.tar.gz");
    }

    @Test
    void aModelThatLoadsButCannotRunIsRefused(MotoServer moto) throws Exception {
        Path model = Files.createDirectories(temp.resolve("three-labels"));
        try (var files = Files.list(ProjectFiles.bundledModel())) {
            for (Path file : files.toList()) {
                Files.copy(file, model.resolve(file.getFileName()));
            }
        }
        Files.writeString(model.resolve("labels.txt"), "negative\nneutral\npositive\n");
        assertRefusedBeforeAnyAwsCall(moto, "inputs-run", model.toString(), "cannot run");
    }

    @Test
    void theBundledModelAndAGoodCopyPass() throws Exception {
        assertThat(LabInputs.check(LabConfig.defaults()).ok()).isTrue();
        Path model = Files.createDirectories(temp.resolve("copy"));
        try (var files = Files.list(ProjectFiles.bundledModel())) {
            for (Path file : files.toList()) {
                Files.copy(file, model.resolve(file.getFileName()));
            }
        }
        assertThat(LabInputs.check(withModel("inputs-good", model.toString())).problems()).isEmpty();
    }
}
