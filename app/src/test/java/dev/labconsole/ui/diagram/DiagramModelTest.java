package dev.labconsole.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import dev.labconsole.ui.StepStatus;
import dev.labconsole.ui.diagram.DiagramModel.Element;
import dev.labconsole.ui.diagram.DiagramModel.Look;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagramModelTest {

    @Test
    void anEmptyLabIsAllDashed() {
        assertThat(DiagramModel.empty().looks()).hasSize(Element.values().length).containsValue(Look.PENDING)
                .doesNotContainValue(Look.EXISTS).doesNotContainValue(Look.FAILED);
    }

    @Test
    void recordedAndDoneIsSolidFailedIsRedRunningIsDashed() {
        DiagramModel model = DiagramModel.from(
                Map.of(ResourceKey.VPC, "vpc-1", ResourceKey.NAT_GATEWAY, "nat-1",
                        ResourceKey.INTERNET_GATEWAY, "igw-1"),
                Map.of(StepId.VPC, StepStatus.DONE, StepId.SUBNETS, StepStatus.FAILED,
                        StepId.NAT_GATEWAY, StepStatus.WAITING));

        assertThat(model.look(Element.VPC)).isEqualTo(Look.EXISTS);
        assertThat(model.look(Element.PUBLIC_SUBNET_1)).isEqualTo(Look.FAILED);
        assertThat(model.look(Element.PRIVATE_SUBNET_2)).isEqualTo(Look.FAILED);
        assertThat(model.look(Element.NAT_GATEWAY)).as("id recorded, still waiting to be available")
                .isEqualTo(Look.PENDING);
        assertThat(model.look(Element.INTERNET_GATEWAY)).as("recorded by an earlier run").isEqualTo(Look.EXISTS);
        assertThat(model.look(Element.LOAD_BALANCER)).isEqualTo(Look.PENDING);
        assertThat(model.look(Element.TASKS)).isEqualTo(Look.PENDING);
    }

    @Test
    void aDoneStepWithoutAnIdIsNotDrawnAsExisting() {
        DiagramModel model = DiagramModel.from(Map.of(), Map.of(StepId.VPC, StepStatus.DONE));

        assertThat(model.look(Element.VPC)).isEqualTo(Look.PENDING);
    }
}
