package dev.labconsole.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.lab.Connection;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.Section;
import dev.labconsole.testing.HandBuiltLab;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.LabSession;
import dev.labconsole.ui.diagram.DiagramModel.Element;
import dev.labconsole.ui.section.LabSectionViewModel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagram of a lab a student built by hand, after the Network page's Check: the student's own blocks, zones,
 * names and security group rules, not the settings' defaults.
 */
@ExtendWith(MotoExtension.class)
class HandBuiltDiagramTest {

    @TempDir
    Path stateHome;

    // Check finds the lab by what it is: other test classes' labs in the account would be candidates too.
    @BeforeEach
    void cleanAccount(MotoServer moto) {
        moto.reset();
    }

    @Test
    void afterCheckTheDiagramShowsTheStudentsOwnBlocksNamesAndRules(MotoServer moto) {
        HandBuiltLab.Built built;
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()),
                MotoServer.CREDENTIALS)) {
            built = HandBuiltLab.build(aws, HandBuiltLab.Style.OWN_CIDRS,
                    HandBuiltLab.Mistake.TASK_PORT_OPEN_TO_WORLD);
        }
        LabStateStore store = new LabStateStore(stateHome);
        try (LabSession session = new LabSession(BackgroundRunner.synchronous(),
                (config, connection, listener) -> LabEngine.connect(config, connection, store, listener))) {
            session.connect(new Connection("us-east-1", null, moto.endpoint().toString(), null));
            session.connected("123456789012", "us-east-1", true);
            DiagramModel before = DiagramModel.from(session.snapshotProperty().get(), session.form().build());
            assertThat(before.labels().get(Element.PUBLIC_SUBNET_1)).as("the settings' block before a check")
                    .isEqualTo("public 10.0.1.0/24");

            new LabSectionViewModel(Section.NETWORK, session).check();
            DiagramModel after = DiagramModel.from(session.snapshotProperty().get(), session.form().build());

            assertThat(after.labels().get(Element.VPC)).isEqualTo("VPC 172.31.0.0/16");
            assertThat(after.labels().get(Element.PUBLIC_SUBNET_1)).startsWith("public 172.31.0.0/20\nus-east-1");
            assertThat(after.labels().get(Element.PUBLIC_SUBNET_2)).startsWith("public 172.31.16.0/20\nus-east-1");
            assertThat(after.labels().get(Element.PRIVATE_SUBNET_1)).startsWith("private 172.31.64.0/20\nus-east-1");
            assertThat(after.labels().get(Element.PRIVATE_SUBNET_2)).startsWith("private 172.31.80.0/20\nus-east-1");
            assertThat(after.notes().get(Element.PRIVATE_SUBNET_2))
                    .startsWith("private-subnet-2 (" + built.privateSubnets().get(1) + ")");
            assertThat(after.ids()).containsEntry(Element.VPC, built.vpcId())
                    .containsEntry(Element.NAT_GATEWAY, built.natId());
            assertThat(after.notes().get(Element.VPC)).isEqualTo("sentiment-app-vpc (" + built.vpcId() + ")");
            assertThat(after.notes().get(Element.NAT_GATEWAY)).contains(built.natId())
                    .contains("in subnet public-subnet-1 (" + built.publicSubnets().get(0) + ")")
                    .contains("public IP ");
            assertThat(after.labels().get(Element.NAT_GATEWAY)).matches("NAT \\d+\\.\\d+\\.\\d+\\.\\d+");
            assertThat(after.labels().get(Element.ALB_SECURITY_GROUP))
                    .isEqualTo("load balancer's group: lets in TCP 80 from 0.0.0.0/0");
            assertThat(after.notes().get(Element.ALB_SECURITY_GROUP))
                    .startsWith("alb-security-group (" + built.albGroupId() + ")").doesNotContain("warning");
            assertThat(after.notes().get(Element.TASK_SECURITY_GROUP)).contains(built.taskGroupId())
                    .contains("lets in TCP 8000 from the load balancer's group")
                    .contains("warning: lets in TCP 8000 from 0.0.0.0/0");
            assertThat(after.labels().get(Element.TASK_SECURITY_GROUP)).isEqualTo("\u26a0 tasks' group: lets in TCP 8000 from 0.0.0.0/0");

            // A destroy (or any reason to forget the check) returns the diagram to the settings.
            session.found(null);
            assertThat(DiagramModel.from(session.snapshotProperty().get(), session.form().build()).labels()
                    .get(Element.VPC)).isEqualTo("VPC 10.0.0.0/16");
        }
    }
}
