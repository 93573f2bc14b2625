package dev.labconsole.ui.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.Connection;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.LabSession;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Exporting the report from the Clean up page, without a JavaFX toolkit. */
@ExtendWith(MotoExtension.class)
class CleanupViewModelTest {

    @TempDir
    Path home;

    @Test
    void exportWritesHtmlMarkdownAndPagePictures(MotoServer moto) throws Exception {
        AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        LabEngine[] opened = new LabEngine[1];
        LabSession session = new LabSession(BackgroundRunner.synchronous(), (config, connection, listener) -> {
            opened[0] = LabEngine.open(config, aws, new LabStateStore(home.resolve("state")), listener);
            return opened[0];
        });
        try (session) {
            session.connect(new Connection("us-east-1", null, moto.endpoint().toString(), null));
            opened[0].state().put(ResourceKey.values()[0], "id-<from>-state");
            CleanupViewModel model = new CleanupViewModel(session);
            model.clock(Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));
            model.reportSources(() -> List.of(Requirement.unmet(StepId.SERVICE, "2 tasks running", "1 running")),
                    () -> List.of("GET /health -> 200 in 12 ms"));
            BufferedImage picture = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
            Path folder = home.resolve("my report");

            model.exportReport(folder, Map.of("1 Connect", picture));

            assertThat(model.reportStatusProperty().get()).startsWith("Report written: ").endsWith("report.html");
            assertThat(model.exportingProperty().get()).isFalse();
            String html = Files.readString(folder.resolve("report.html"));
            String md = Files.readString(folder.resolve("report.md"));
            assertThat(html).contains("id-&lt;from&gt;-state", "2 tasks running", "GET /health -&gt; 200 in 12 ms",
                    "<img src=\"screenshots/1-connect.png\"", "2026-11-24T12:00:00Z");
            assertThat(md).contains("![screenshots/1-connect.png](screenshots/1-connect.png)", "2 tasks running");
            BufferedImage written = ImageIO.read(folder.resolve("screenshots/1-connect.png").toFile());
            assertThat(written.getWidth()).isEqualTo(4);
            assertThat(written.getHeight()).isEqualTo(3);
        } finally {
            aws.close();
        }
    }

    @Test
    void exportBeforeConnectingSaysWhy() {
        LabSession session = new LabSession(BackgroundRunner.synchronous(), (config, connection, listener) -> null);
        CleanupViewModel model = new CleanupViewModel(session);

        model.exportReport(home, Map.of());

        assertThat(model.reportStatusProperty().get()).startsWith("The report was not written: ").contains("Connect");
        assertThat(home.resolve("report.html")).doesNotExist();
    }

    @Test
    void destroyKeepsWhatTheStudentBuiltUntilTheyTypeTheConfirmation(MotoServer moto) {
        moto.reset();
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            String own = aws.ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
            LabEngine[] opened = new LabEngine[1];
            LabSession session = new LabSession(BackgroundRunner.synchronous(), (config, connection, listener) -> {
                opened[0] = LabEngine.open(config, aws, new LabStateStore(home.resolve("state")), listener);
                return opened[0];
            });
            try (session) {
                session.connect(new Connection("us-east-1", null, moto.endpoint().toString(), null));
                session.connected("123456789012", "us-east-1", true);
                opened[0].state().adopt(ResourceKey.VPC, own);
                CleanupViewModel model = new CleanupViewModel(session);
                session.refreshSnapshot(false);
                assertThat(model.adoptedProperty().get()).contains(own).contains(CleanupViewModel.ADOPTED_CONFIRMATION);

                model.confirmationProperty().set(LabConfig.DEFAULT_LAB);
                model.destroy();

                assertThat(model.statusProperty().get()).contains("kept 1 resource(s) you built yourself");
                assertThat(aws.ec2().describeVpcs(r -> r.vpcIds(own)).vpcs()).hasSize(1);

                opened[0].state().adopt(ResourceKey.VPC, own);
                model.confirmationProperty().set(LabConfig.DEFAULT_LAB);
                model.adoptedConfirmationProperty().set(CleanupViewModel.ADOPTED_CONFIRMATION);
                model.destroy();

                assertThat(aws.ec2().describeVpcs().vpcs()).extracting(v -> v.vpcId()).doesNotContain(own);
            }
        } finally {
            moto.reset();
        }
    }
}
