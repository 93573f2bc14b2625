package dev.labconsole.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.Connection;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.LabSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Connect page's session countdown, on a clock the test moves. */
class SessionCountdownTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final String ACADEMY = """
            [default]
            aws_access_key_id=ASIAEXAMPLEKEY
            aws_secret_access_key=secretValue
            aws_session_token=token==
            """;

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {
        private Instant now = T0;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path home;

    private final MovableClock clock = new MovableClock();
    private final ConnectViewModel model = new ConnectViewModel(
            new LabSession(BackgroundRunner.synchronous(), (config, connection, listener) -> {
                throw new IllegalStateException("no AWS in this test");
            }), BackgroundRunner.synchronous(), List.of("academy"), Optional.empty());

    @Test
    void pastedAcademyCredentialsAreAssumedToLastFourHoursFromPasting() {
        model.clock(clock);
        model.pastedProperty().set(ACADEMY);
        clock.advance(Duration.ofMinutes(5));
        model.sessionStarted(model.connection());

        assertThat(model.sessionExpiryProperty().get()).startsWith("session expires in 3 h 55 min")
                .contains("estimate");
        clock.advance(Duration.ofMinutes(102).plusSeconds(30));
        model.refreshSessionExpiry();
        assertThat(model.sessionExpiryProperty().get()).startsWith("session expires in 2 h 13 min");
        assertThat(model.sessionExpiredProperty().get()).isFalse();

        clock.advance(Duration.ofHours(3));
        model.refreshSessionExpiry();
        assertThat(model.sessionExpiryProperty().get()).isEqualTo("Your AWS Academy session has expired: start the"
                + " lab again in AWS Academy and paste the new AWS Details");
        assertThat(model.sessionExpiredProperty().get()).isTrue();
    }

    @Test
    void anExpiryInThePastedBlockIsStatedNotEstimated() {
        model.clock(clock);
        model.pastedProperty().set(ACADEMY + "aws_expiration=2026-11-24T11:30:00+00:00\n");
        model.sessionStarted(model.connection());

        assertThat(model.sessionExpiryProperty().get()).isEqualTo("session expires in 1 h 30 min");
    }

    @Test
    void aProfileExpiryComesFromItsOwnSectionOfTheCredentialsFile() throws Exception {
        Path credentials = home.resolve("credentials");
        Files.writeString(credentials, """
                [default]
                aws_access_key_id=AKIADEFAULT
                expiration=2026-11-24T10:10:00Z
                [academy]
                aws_access_key_id=ASIAACADEMY
                x_security_token_expires = 2026-11-24T12:13:00Z
                [plain]
                aws_access_key_id=AKIAPLAIN
                """);
        model.clock(clock);
        model.credentialsFile(credentials);

        model.sessionStarted(new Connection("us-east-1", "academy", null, null));
        assertThat(model.sessionExpiryProperty().get()).isEqualTo("session expires in 2 h 13 min");
        model.sessionStarted(new Connection("us-east-1", null, null, null));
        assertThat(model.sessionExpiryProperty().get()).isEqualTo("session expires in 10 min");
        model.sessionStarted(new Connection("us-east-1", "plain", null, null));
        assertThat(model.sessionExpiryProperty().get()).as("no expiry key: nothing to count down").isEmpty();
        model.sessionStarted(new Connection("us-east-1", "academy", "http://127.0.0.1:5000", null));
        assertThat(model.sessionExpiryProperty().get()).as("the emulator's keys do not expire").isEmpty();
    }

    @Test
    void parsesOffsetsAndIgnoresGarbage() {
        assertThat(SessionExpiry.stated("expiration=2026-11-24T12:00:00+02:00", null))
                .contains(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(SessionExpiry.stated("aws_expiration=tomorrow", null)).isEmpty();
        assertThat(new SessionExpiry(T0.plusSeconds(30), false).describe(T0)).isEqualTo("session expires in 1 min");
        assertThat(new SessionExpiry(T0, false).expired(T0)).isTrue();
    }
}
