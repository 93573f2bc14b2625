package dev.labconsole.ui.section;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.Phase;
import dev.labconsole.lab.Section;
import dev.labconsole.lab.StepId;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.LabSession;
import dev.labconsole.ui.StepStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A section page's rows and rules, without the toolkit. */
class LabSectionViewModelTest {

    private final LabSession session = new LabSession(BackgroundRunner.synchronous(), (config, connection, listener) -> {
        throw new IllegalStateException("no AWS in this test");
    });
    private final LabSectionViewModel network = new LabSectionViewModel(Section.NETWORK, session);

    private StepRow row(StepId step) {
        return network.rows().stream().filter(r -> r.step() == step).findFirst().orElseThrow();
    }

    @Test
    void hasOneRowPerStepOfTheSectionAndExplainsThem() {
        assertThat(network.rows()).extracting(StepRow::step).containsExactly(StepId.VPC, StepId.SUBNETS,
                StepId.INTERNET_GATEWAY, StepId.PUBLIC_ROUTES, StepId.NAT_GATEWAY, StepId.PRIVATE_ROUTES,
                StepId.SECURITY_GROUPS);
        assertThat(network.explanation()).contains("NAT gateway: An Elastic IP");
        assertThat(network.fields()).extracting(f -> f.label()).contains("VPC CIDR", "Private subnet 2");
    }

    @Test
    void eventsMoveTheRowsThroughTheirStatuses() {
        StepRow nat = row(StepId.NAT_GATEWAY);
        assertThat(nat.detailProperty().get()).isEqualTo("to do");

        network.onEvents(List.of(LabEvent.of(StepId.NAT_GATEWAY, LabEvent.Kind.STARTED, "NAT gateway")));
        assertThat(nat.statusProperty().get()).isEqualTo(StepStatus.CREATING);
        assertThat(nat.detailProperty().get()).isEqualTo("creating");

        network.onEvents(List.of(LabEvent.of(StepId.NAT_GATEWAY, LabEvent.Kind.WAITING,
                "waiting for the NAT gateway to become available, usually 1-2 minutes")));
        assertThat(nat.statusProperty().get()).isEqualTo(StepStatus.WAITING);
        assertThat(nat.detailProperty().get()).startsWith("waiting for the NAT gateway");

        network.onEvents(List.of(
                LabEvent.of(StepId.NAT_GATEWAY, LabEvent.Kind.DONE, "NAT gateway done", Duration.ofMillis(83_250)),
                LabEvent.of(StepId.SUBNETS, LabEvent.Kind.FAILED, "doing 'Subnets': CIDR overlaps; pick another")));
        assertThat(nat.statusProperty().get()).isEqualTo(StepStatus.DONE);
        assertThat(nat.detailProperty().get()).isEqualTo("done in 83.3 s");
        assertThat(row(StepId.SUBNETS).statusProperty().get()).isEqualTo(StepStatus.FAILED);
        assertThat(row(StepId.SUBNETS).detailProperty().get()).isEqualTo("failed: doing 'Subnets': CIDR overlaps; pick another");
    }

    @Test
    void aDeletionIsNotShownAsDone() {
        // The phase decides, not the words: a destroy's DONE means the step's resources are gone.
        network.onEvents(List.of(LabEvent.of(StepId.VPC, LabEvent.Kind.STARTED, "VPC").inPhase(Phase.DESTROY),
                LabEvent.of(StepId.VPC, LabEvent.Kind.DONE, "VPC", Duration.ofMillis(1200)).inPhase(Phase.DESTROY)));

        assertThat(row(StepId.VPC).statusProperty().get()).isEqualTo(StepStatus.PENDING);
        assertThat(row(StepId.VPC).detailProperty().get()).isEqualTo("deleted in 1.2 s");
    }

    @Test
    void eventsOfOtherSectionsAreIgnored() {
        network.onEvents(List.of(LabEvent.of(StepId.BUCKET, LabEvent.Kind.FAILED, "nope")));

        assertThat(network.rows()).allMatch(r -> r.statusProperty().get() == StepStatus.PENDING);
    }

    @Test
    void createStaysDisabledWithTheReasonUntilConnectedAndValid() {
        assertThat(network.canCreateProperty().get()).isFalse();
        assertThat(network.createProblemProperty().get()).contains("Connect first");

        session.connected("123456789012", "us-east-1", true);
        assertThat(network.createProblemProperty().get()).isEmpty();
        assertThat(network.canCreateProperty().get()).isTrue();

        network.fields().get(0).value().set("10.0.0.0/33");
        assertThat(network.canCreateProperty().get()).isFalse();
        assertThat(network.createProblemProperty().get()).contains("VPC CIDR '10.0.0.0/33'");

        network.fields().get(0).value().set("10.0.0.0/16");
        network.fields().get(1).value().set("10.0.2.0/24");
        assertThat(network.createProblemProperty().get()).contains("10.0.2.0/24");

        network.fields().get(1).value().set("10.0.1.0/24");
        assertThat(network.canCreateProperty().get()).isTrue();
    }
}
