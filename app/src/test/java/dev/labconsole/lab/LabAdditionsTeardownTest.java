package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.scale.ServiceScaling;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The alarms and the autoscaling added to a lab are part of its inventory, and teardown removes them. */
@ExtendWith(MotoExtension.class)
class LabAdditionsTeardownTest {

    @TempDir
    Path home;

    private MotoServer moto;
    private AwsClients aws;

    @BeforeEach
    void fresh(MotoServer moto) {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
    }

    @AfterEach
    void close() {
        aws.close();
        moto.reset();
    }

    @Test
    void alarmsAndAutoscalingAreListedWithTheLabAndDeletedByTeardown() {
        try (LabEngine engine = LabEngine.open(LabConfig.defaults(), aws, new LabStateStore(home), e -> { })) {
            assertThat(engine.apply().ok()).isTrue();
            engine.alarms().create(engine.monitored());
            engine.scaling().apply(engine.scaledService(), ServiceScaling.parse(1, 3, "cpu", 60).request());

            assertThat(engine.inventory()).extracting(LabResource::kind)
                    .contains("CloudWatch alarm", "autoscaling target")
                    .filteredOn("CloudWatch alarm"::equals).hasSize(3);

            RunResult destroyed = engine.destroy();

            assertThat(destroyed.leftovers()).isEmpty();
        }
        assertThat(aws.cloudWatch().describeAlarms().metricAlarms()).isEmpty();
        assertThat(aws.autoScaling().describeScalableTargets(r -> r.serviceNamespace("ecs")).scalableTargets()).isEmpty();
    }
}
