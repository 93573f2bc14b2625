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

    private static dev.labconsole.lab.FoundLab foundVpc(String id, String cidr) {
        return new dev.labconsole.lab.FoundLab("123456789012", "us-east-1", null, null,
                new dev.labconsole.lab.FoundLab.Vpc(id, "my-vpc", cidr, true, "found"), java.util.List.of(), null,
                java.util.List.of(), null, null, null, null, null, java.util.List.of(), null, java.util.List.of());
    }

    @Test
    void whatACheckFoundIsDrawnUnlessTheStateRecordsAnotherResource() {
        dev.labconsole.lab.LabConfig config = dev.labconsole.lab.LabConfig.defaults();
        dev.labconsole.lab.FoundLab found = foundVpc("vpc-found", "172.31.0.0/16");

        DiagramModel byHand = DiagramModel.from(new dev.labconsole.ui.LabSession.Snapshot(
                Map.of(ResourceKey.VPC, "vpc-found"), Map.of(), false, found, null), config);
        assertThat(byHand.labels().get(Element.VPC)).isEqualTo("VPC 172.31.0.0/16");
        assertThat(byHand.notes().get(Element.VPC)).isEqualTo("my-vpc (vpc-found)");

        DiagramModel built = DiagramModel.from(new dev.labconsole.ui.LabSession.Snapshot(
                Map.of(ResourceKey.VPC, "vpc-recorded"), Map.of(), false, found, null), config);
        assertThat(built.labels().get(Element.VPC)).as("the state's id wins").isEqualTo("VPC " + config.vpcCidr());
        assertThat(built.notes()).doesNotContainKey(Element.VPC);
    }

    @Test
    void theTasksSayHowTheyScaleAndTheTooltipWhatTheMostTasksCost() {
        dev.labconsole.lab.LabConfig config = dev.labconsole.lab.LabConfig.defaults();
        double perTask = dev.labconsole.lab.Pricing.fargateTask(config.cpu(), config.memoryMiB());
        dev.labconsole.lab.scale.ServiceScaling.Status scaling = new dev.labconsole.lab.scale.ServiceScaling.Status(2,
                6, dev.labconsole.lab.scale.ServiceScaling.Metric.CPU, 60, "sentiment-app-cpu", 6 * perTask);

        DiagramModel model = DiagramModel.from(new dev.labconsole.ui.LabSession.Snapshot(
                Map.of(ResourceKey.SERVICE, "arn:service"), Map.of(), false, null, scaling), config);

        assertThat(model.labels().get(Element.TASKS)).isEqualTo("tasks: 2-6, target tracking on average CPU");
        assertThat(model.notes().get(Element.TASKS)).isEqualTo(String.format(java.util.Locale.ROOT,
                "autoscaling: 2 to 6 tasks, holding average CPU %% at 60; at 6 tasks the service costs at most"
                        + " $%.3f/h", 6 * perTask));
        assertThat(DiagramModel.from(new dev.labconsole.ui.LabSession.Snapshot(Map.of(ResourceKey.SERVICE,
                "arn:service"), Map.of()), config).labels().get(Element.TASKS)).isEqualTo("tasks (port "
                + config.containerPort() + ")");
    }
}
