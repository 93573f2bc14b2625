package dev.labconsole.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AwsTargetTest {

    @Test
    void acceptsARegionAProfileAndAnEmulator() {
        AwsTarget target = AwsTarget.of("us-east-1", "lab", "http://127.0.0.1:5000");
        assertThat(target.emulated()).isTrue();
        assertThat(target.endpoint().getPort()).isEqualTo(5000);
    }

    @Test
    void listsEveryBadValueAtOnce() {
        assertThatThrownBy(() -> AwsTarget.of("useast1", "my profile", "ftp://x"))
                .hasMessageContaining("--region 'useast1'")
                .hasMessageContaining("--profile 'my profile'")
                .hasMessageContaining("--endpoint 'ftp://x'");
    }
}
