package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} on a lab a student built by hand, here with boto3 (another AWS client, as the AWS
 * Console would be): a correct one passes, and a wrong route or an open port fails naming the
 * requirement.
 */
@ExtendWith(MotoExtension.class)
class CheckHandBuiltLabTest {

    // check finds the lab by what it is: other test classes' labs in the account would be candidates too.
    @org.junit.jupiter.api.BeforeEach
    void cleanAccount(MotoServer moto) {
        moto.reset();
    }


    @TempDir
    Path home;

    private static void buildByHand(MotoServer moto, String lab, String broken) throws IOException, InterruptedException {
        Path root = ProjectFiles.root();
        Path script = Path.of("src/test/resources/handbuilt/build_lab_by_hand.py").toAbsolutePath();
        Path log = Files.createTempFile("handbuilt-", ".log");
        Process process = new ProcessBuilder(root.resolve(".venv-test/bin/python").toString(), script.toString(),
                "--endpoint", moto.endpoint().toString(), "--lab", lab, "--model",
                ProjectFiles.bundledModel().toString(), "--break", broken)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    }

    private List<Requirement> check(MotoServer moto, String lab) {
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
                LabEngine engine = LabEngine.open(LabConfig.named(lab), aws, new LabStateStore(home), e -> { })) {
            return engine.check(EnumSet.noneOf(StepId.class));
        }
    }

    @Test
    void aCorrectLabBuiltByHandMeetsEveryRequirement(MotoServer moto) throws Exception {
        buildByHand(moto, "byhand-ok", "none");
        List<Requirement> requirements = check(moto, "byhand-ok");
        assertThat(requirements).hasSizeGreaterThan(20);
        assertThat(requirements).allSatisfy(r -> assertThat(r.met()).as(r.step() + " " + r.text() + ": " + r.detail())
                .isTrue());
    }

    @Test
    void aPrivateRouteToTheInternetGatewayFailsNamingTheRequirement(MotoServer moto) throws Exception {
        buildByHand(moto, "byhand-route", "route");
        List<Requirement> unmet = check(moto, "byhand-route").stream().filter(r -> !r.met()).toList();
        assertThat(unmet).isNotEmpty().allSatisfy(r -> assertThat(r.step()).isEqualTo(StepId.PRIVATE_ROUTES));
        assertThat(unmet).anySatisfy(r -> assertThat(r.text()).containsIgnoringCase("NAT"));
    }

    @Test
    void aTaskPortOpenToTheInternetFailsNamingTheRequirement(MotoServer moto) throws Exception {
        buildByHand(moto, "byhand-port", "port");
        List<Requirement> unmet = check(moto, "byhand-port").stream().filter(r -> !r.met()).toList();
        assertThat(unmet).isNotEmpty().allSatisfy(r -> assertThat(r.step()).isEqualTo(StepId.SECURITY_GROUPS));
        assertThat(unmet).anySatisfy(r -> assertThat(r.text() + " " + r.detail()).contains("tcp 8000").contains("internet"));
    }
}
