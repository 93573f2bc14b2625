package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabConfigTest {

    private static LabConfig with(String lab, String vpc, List<String> publics, List<String> privates, int cpu,
            int memory) {
        LabConfig d = LabConfig.defaults();
        return new LabConfig(lab, vpc, publics, privates, d.listenerPort(), d.containerPort(), d.healthCheckPath(),
                d.desiredCount(), cpu, memory, d.logRetentionDays(), null, null, null, null, null, false);
    }

    private static List<String> problems(LabConfig config) {
        try {
            config.validate();
            return List.of();
        } catch (LabConfigException e) {
            return e.problems();
        }
    }

    @Test
    void theLabsDefaultsAreValid() {
        assertThat(problems(LabConfig.defaults())).isEmpty();
        assertThat(LabConfig.defaults().publicSubnetCidrs()).containsExactly("10.0.1.0/24", "10.0.2.0/24");
    }

    @Test
    void labNamesMustFitResourceNames() {
        assertThat(problems(LabConfig.named("Sentiment_App"))).singleElement().asString()
                .contains("--lab 'Sentiment_App'").contains("e.g. sentiment-app");
        assertThat(problems(LabConfig.named("a-name-that-is-far-too-long-for-albs"))).hasSize(1);
        assertThat(problems(LabConfig.named("ok--no"))).hasSize(1);
        assertThat(problems(LabConfig.named("my-lab-2"))).isEmpty();
    }

    @Test
    void subnetsMustBeInsideTheVpcApartAndBigEnough() {
        LabConfig d = LabConfig.defaults();
        assertThat(problems(with("lab", "10.0.0.0/16", List.of("10.1.1.0/24", "10.0.2.0/24"), d.privateSubnetCidrs(),
                1024, 3072))).singleElement().asString()
                .contains("public-subnet-1 CIDR 10.1.1.0/24 is not inside the VPC 10.0.0.0/16").contains("10.0.1.0/24");
        assertThat(problems(with("lab", "10.0.0.0/16", List.of("10.0.1.0/24", "10.0.1.128/25"), d.privateSubnetCidrs(),
                1024, 3072))).singleElement().asString().contains("public-subnet-2 CIDR 10.0.1.128/25 overlaps public-subnet-1");
        assertThat(problems(with("lab", "10.0.0.0/16", List.of("10.0.1.0/28", "10.0.2.0/24"), d.privateSubnetCidrs(),
                1024, 3072))).singleElement().asString().contains("is too small");
        assertThat(problems(with("lab", "10.0.0.1/16", d.publicSubnetCidrs(), d.privateSubnetCidrs(), 1024, 3072)))
                .singleElement().asString().contains("host bits zero");
        assertThat(problems(with("lab", "10.0.0.0/8", d.publicSubnetCidrs(), d.privateSubnetCidrs(), 1024, 3072)))
                .singleElement().asString().contains("use /16 to /24");
        assertThat(problems(with("lab", "10.0.0.0/16", List.of("10.0.1.0/24"), d.privateSubnetCidrs(), 1024, 3072)))
                .anySatisfy(problem -> assertThat(problem).contains("two public and two private"));
    }

    @Test
    void cpuAndMemoryMustBeAPairFargateOffers() {
        LabConfig d = LabConfig.defaults();
        assertThat(problems(with("lab", d.vpcCidr(), d.publicSubnetCidrs(), d.privateSubnetCidrs(), 1000, 3072)))
                .singleElement().asString().contains("--cpu 1000").contains("256, 512, 1024");
        assertThat(problems(with("lab", d.vpcCidr(), d.publicSubnetCidrs(), d.privateSubnetCidrs(), 1024, 512)))
                .singleElement().asString().contains("2048 to 8192 MiB for 1024");
        assertThat(problems(with("lab", d.vpcCidr(), d.publicSubnetCidrs(), d.privateSubnetCidrs(), 512, 4096))).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        LabConfig d = LabConfig.defaults();
        LabConfig bad = new LabConfig("-bad", "nonsense", d.publicSubnetCidrs(), d.privateSubnetCidrs(), 0, 70000,
                "health", -1, 1024, 3072, 8, "Bad_Bucket", "Not An Image", "arn:aws:iam::12:role/x", "LabRole",
                null, false);
        assertThatThrownBy(bad::validate).isInstanceOf(LabConfigException.class)
                .satisfies(e -> assertThat(((LabConfigException) e).problems()).hasSize(11));
    }

    @Test
    void bucketsImagesAndArnsFollowAwsRules() {
        List<String> problems = new java.util.ArrayList<>();
        LabConfig.checkBucket(problems, "192.168.1.1");
        LabConfig.checkBucket(problems, "my..bucket");
        LabConfig.checkBucket(problems, "sentiment-app-models-123456789012-us-east-1");
        assertThat(problems).hasSize(2);
        LabConfig d = LabConfig.defaults();
        LabConfig good = new LabConfig("lab", d.vpcCidr(), d.publicSubnetCidrs(), d.privateSubnetCidrs(), 80, 8000,
                "/health", 2, 1024, 3072, 7, "lab-models-1", "123456789012.dkr.ecr.us-east-1.amazonaws.com/lab:v1",
                "arn:aws:iam::123456789012:role/LabRole", "arn:aws:iam::123456789012:role/service-role/exec", null, true);
        assertThat(problems(good)).isEmpty();
    }

    @Test
    void cidrArithmetic() {
        Cidr vpc = Cidr.parseOrNull("10.0.0.0/16");
        assertThat(vpc.contains(Cidr.parseOrNull("10.0.255.0/24"))).isTrue();
        assertThat(vpc.contains(Cidr.parseOrNull("10.1.0.0/24"))).isFalse();
        assertThat(Cidr.parseOrNull("10.0.0.0/24").overlaps(Cidr.parseOrNull("10.0.0.128/25"))).isTrue();
        assertThat(Cidr.parseOrNull("10.0.0.0/24").overlaps(Cidr.parseOrNull("10.0.1.0/24"))).isFalse();
        assertThat(Cidr.parseOrNull("256.0.0.0/8")).isNull();
        assertThat(Cidr.parseOrNull("10.0.0.0/33")).isNull();
        assertThat(Cidr.parseOrNull("0.0.0.0/0").toString()).isEqualTo("0.0.0.0/0");
    }
}
