package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The report a student hands in: what it contains, and that no value can break out of its markup. */
class LabReportTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static LabReport report(Map<ResourceKey, String> ids, List<Requirement> requirements,
            List<String> endpoint, List<String> screenshots) {
        return new LabReport(LabConfig.defaults(), ids,
                Map.of(StepId.VPC, new StepRecord("DONE", T0, T0.plusSeconds(3), null),
                        StepId.SERVICE, new StepRecord("DONE", T0, T0.plusSeconds(185), null)),
                Map.of(StepId.VPC, "aws ec2 create-vpc --cidr-block 10.0.0.0/16"),
                requirements, endpoint, screenshots, T0);
    }

    @Test
    void containsIdsSettingsStepTimesCliChecksEndpointAndScreenshots() {
        LabReport report = report(Map.of(ResourceKey.values()[0], "vpc-0abc"),
                List.of(Requirement.met(StepId.VPC, "VPC exists", "vpc-0abc"),
                        Requirement.unmet(StepId.SERVICE, "2 tasks running", "1 running")),
                List.of("GET /health -> 200"), List.of("screenshots/connect.png"));
        LabConfig c = LabConfig.defaults();
        for (String text : List.of(report.markdown(), report.html())) {
            assertThat(text).contains("vpc-0abc", c.vpcCidr(), c.publicSubnetCidrs().get(0),
                    c.privateSubnetCidrs().get(1), String.valueOf(c.containerPort()), String.valueOf(c.cpu()),
                    String.valueOf(c.memoryMiB()), "aws ec2 create-vpc --cidr-block 10.0.0.0/16", "3.0 s",
                    "3 min 5 s", "2 tasks running", "1 running", "GET /health -", "screenshots/connect.png");
        }
        assertThat(report.markdown()).contains("![screenshots/connect.png](screenshots/connect.png)",
                "| Desired count | " + c.desiredCount() + " |", "| yes |", "| **no** |");
        assertThat(report.html()).contains("<img src=\"screenshots/connect.png\"",
                "<tr><th>Desired count</th><td>" + c.desiredCount() + "</td></tr>", "class=\"unmet\"");
    }

    @Test
    void escapesEveryValue() {
        String evil = "<script>alert('x')</script> | *b* [l](j)";
        LabReport report = report(Map.of(ResourceKey.values()[0], "id\"><b>"),
                List.of(Requirement.unmet(StepId.VPC, evil, evil)), List.of(evil), List.of("a\"b.png"));
        String html = report.html();
        assertThat(html).doesNotContain("<script>", "<b>", "a\"b.png")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "id&quot;&gt;&lt;b&gt;",
                        "src=\"a&quot;b.png\"");
        String md = report.markdown();
        assertThat(md).doesNotContain("<script>").contains("&lt;script&gt;", "\\| \\*b\\* \\[l\\](j)");
        // every table row of the check keeps its four cells: no pipe escaped into a new column
        String row = md.lines().filter(l -> l.startsWith("| VPC | &lt;script")).findFirst().orElseThrow();
        assertThat(row.replace("\\|", "").chars().filter(ch -> ch == '|').count()).isEqualTo(5);
    }

    @Test
    @ExtendWith(MotoExtension.class)
    void reportsAnEngineStateAndEveryStepsCliEquivalent(MotoServer moto, @TempDir Path home) {
        AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
        try (LabEngine engine = LabEngine.open(LabConfig.defaults(), aws, new LabStateStore(home), e -> { })) {
            engine.state().put(ResourceKey.values()[0], "recorded-id-1");
            engine.state().record(StepId.VPC, new StepRecord("DONE", T0, T0.plusSeconds(2), null));
            LabReport report = LabReport.of(engine, List.of(), List.of(), List.of(), T0);
            assertThat(report.cliEquivalents()).hasSize(StepId.values().length);
            assertThat(report.markdown()).contains("recorded-id-1", "aws ec2 create-vpc", "2.0 s");
            assertThat(report.html()).contains("recorded-id-1", "aws ec2 create-vpc");
        } finally {
            aws.close();
        }
    }
}
