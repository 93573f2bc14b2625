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

    @Test
    void shapesNameTheirBlocksRoutesAndSecurityGroupsAndCarryTheirIds() {
        dev.labconsole.lab.LabConfig config = dev.labconsole.lab.LabConfig.defaults();
        DiagramModel model = DiagramModel.from(new dev.labconsole.ui.LabSession.Snapshot(
                Map.of(ResourceKey.PUBLIC_SUBNET_2, "subnet-2", ResourceKey.PRIVATE_ROUTE_TABLE, "rtb-9"),
                Map.of(StepId.SUBNETS, StepStatus.DONE, StepId.PRIVATE_ROUTES, StepStatus.DONE)), config);

        assertThat(model.labels().get(Element.PUBLIC_SUBNET_2)).isEqualTo("public " + config.publicSubnetCidrs().get(1));
        assertThat(model.labels().get(Element.PRIVATE_SUBNET_1)).isEqualTo("private " + config.privateSubnetCidrs().get(0));
        assertThat(model.labels().get(Element.VPC)).isEqualTo("VPC " + config.vpcCidr());
        assertThat(model.labels().get(Element.PRIVATE_ROUTE_TABLE)).contains("0.0.0.0/0").contains("NAT gateway");
        assertThat(model.labels().get(Element.ALB_SECURITY_GROUP)).contains("TCP 80").contains("0.0.0.0/0");
        assertThat(model.labels().get(Element.TASK_SECURITY_GROUP)).contains("TCP " + config.containerPort())
                .contains("load balancer's group");
        assertThat(model.ids()).containsEntry(Element.PUBLIC_SUBNET_2, "subnet-2")
                .containsEntry(Element.PRIVATE_ROUTE_TABLE, "rtb-9").doesNotContainKey(Element.VPC);
        assertThat(model.look(Element.PRIVATE_ROUTE_TABLE)).isEqualTo(Look.EXISTS);
        assertThat(Element.TASK_SECURITY_GROUP.step().section()).as("a click opens the Network page")
                .isEqualTo(dev.labconsole.lab.Section.NETWORK);
    }
}
