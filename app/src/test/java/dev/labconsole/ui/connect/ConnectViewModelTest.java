package dev.labconsole.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.lab.Connection;
import dev.labconsole.lab.Connection.PastedCredentials;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.LabSession;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Connect page's rules, without the toolkit. */
class ConnectViewModelTest {

    private static final String ACADEMY = """
            [default]
            aws_access_key_id=ASIAEXAMPLEKEY
            aws_secret_access_key=secretValue/with+chars
            aws_session_token=IQoJb3JpZ2luX2VjEPr//////////token==
            """;

    private final LabSession session = new LabSession(BackgroundRunner.synchronous(), (config, connection, listener) -> {
        throw new IllegalStateException("no AWS in this test");
    });
    private final ConnectViewModel model = new ConnectViewModel(session, BackgroundRunner.synchronous(),
            List.of("academy"), Optional.empty());

    @Test
    void parsesTheAcademyBlockAndHidesItInToString() {
        PastedCredentials pasted = ConnectViewModel.parsePasted(ACADEMY);

        assertThat(pasted.accessKeyId()).isEqualTo("ASIAEXAMPLEKEY");
        assertThat(pasted.secretAccessKey()).isEqualTo("secretValue/with+chars");
        assertThat(pasted.sessionToken()).isEqualTo("IQoJb3JpZ2luX2VjEPr//////////token==");
        assertThat(pasted.toString()).doesNotContain("ASIA").doesNotContain("secret");
    }

    @Test
    void acceptsSpacesAroundEqualsAndAnyOrderWithoutToken() {
        PastedCredentials pasted = ConnectViewModel.parsePasted(
                "aws_secret_access_key = s3cr3t\r\nnoise line\nAWS_ACCESS_KEY_ID = AKIA1\n");

        assertThat(pasted.accessKeyId()).isEqualTo("AKIA1");
        assertThat(pasted.secretAccessKey()).isEqualTo("s3cr3t");
        assertThat(pasted.sessionToken()).isNull();
    }

    @Test
    void blankIsNoCredentialsAndAHalfBlockIsAProblem() {
        assertThat(ConnectViewModel.parsePasted("  \n")).isNull();
        assertThatThrownBy(() -> ConnectViewModel.parsePasted("aws_access_key_id=AKIA1"))
                .hasMessageContaining("aws_secret_access_key");

        model.pastedProperty().set("aws_access_key_id=AKIA1");
        assertThat(model.problemProperty().get()).contains("aws_secret_access_key");
        assertThat(model.canConnectProperty().get()).isFalse();
        model.pastedProperty().set(ACADEMY);
        assertThat(model.problemProperty().get()).isEmpty();
        assertThat(model.canConnectProperty().get()).isTrue();
    }

    @Test
    void validatesRegionEmulatorUrlAndLabName() {
        assertThat(model.problemProperty().get()).isEmpty();
        model.regionProperty().set("US East");
        assertThat(model.problemProperty().get()).contains("Region");
        model.regionProperty().set("eu-west-1");

        model.practiceModeProperty().set(true);
        model.emulatorUrlProperty().set("localhost5000");
        assertThat(model.problemProperty().get()).contains("Emulator URL");
        model.emulatorUrlProperty().set("http://127.0.0.1:5001");
        assertThat(model.problemProperty().get()).isEmpty();

        model.labProperty().set("Bad_Name");
        assertThat(model.problemProperty().get()).startsWith("Lab settings").contains("Bad_Name");
        assertThat(model.canConnectProperty().get()).isFalse();
    }

    @Test
    void practiceModeWithoutCredentialsUsesTheEmulatorWithTestKeys() {
        model.practiceModeProperty().set(true);

        Connection connection = model.connection();

        assertThat(connection.endpoint()).isEqualTo("http://127.0.0.1:5000");
        assertThat(connection.profile()).isNull();
        assertThat(connection.pasted().accessKeyId()).isEqualTo("testing");
    }

    @Test
    void aChosenProfileAndPastedKeysReachTheConnection() {
        model.profileProperty().set("academy");
        model.pastedProperty().set(ACADEMY);

        Connection connection = model.connection();

        assertThat(connection.profile()).isEqualTo("academy");
        assertThat(connection.endpoint()).isNull();
        assertThat(connection.pasted().sessionToken()).startsWith("IQoJ");
        assertThat(model.profiles()).containsExactly(ConnectViewModel.DEFAULT_CHAIN, "academy");
    }

    @Test
    void aFailedConnectionShowsTheReason() {
        model.connect();

        assertThat(model.statusProperty().get()).isEqualTo("Could not connect: no AWS in this test");
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(session.connectedProperty().get()).isFalse();
    }

    @Test
    void anEmulatorUrlWhereNothingListensIsSaidBeforeAnyAwsCall() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        model.practiceModeProperty().set(true);
        model.emulatorUrlProperty().set("http://127.0.0.1:" + closedPort);

        model.connect();

        // The engine factory (which would say "no AWS in this test") is never reached.
        assertThat(model.statusProperty().get()).isEqualTo("Could not connect: Emulator URL http://127.0.0.1:"
                + closedPort + ": nothing listens there (connection refused); start the emulator (in the window:"
                + " Connect > Start emulator; by hand: moto_server -p " + closedPort + ") or fix the address");
        assertThat(session.connectedProperty().get()).isFalse();
    }
}
