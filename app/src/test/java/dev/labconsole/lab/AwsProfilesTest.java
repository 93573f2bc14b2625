package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsProfilesTest {

    @TempDir
    Path temp;

    @Test
    void readsProfileNamesFromBothFilesButNotSsoSessions() throws Exception {
        Path credentials = temp.resolve("credentials");
        Path config = temp.resolve("config");
        Files.writeString(credentials, "[default]\naws_access_key_id=AKIA\n\n[ academy ]\naws_session_token=x\n");
        Files.writeString(config, "[default]\nregion=us-east-1\n[profile work]\nregion=eu-west-1\n"
                + "[sso-session corp]\nsso_region=us-east-1\n[notaprofile]\n");

        assertThat(AwsProfiles.read(credentials, config)).containsExactly("academy", "default", "work");
    }

    @Test
    void missingFilesHaveNoProfiles() {
        assertThat(AwsProfiles.read(temp.resolve("none"), temp.resolve("neither"))).isEmpty();
    }
}
