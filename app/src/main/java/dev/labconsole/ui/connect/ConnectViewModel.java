package dev.labconsole.ui.connect;

import dev.labconsole.lab.Connection;
import dev.labconsole.lab.Connection.PastedCredentials;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.StepId;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import dev.labconsole.ui.LabSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** State and commands of the Connect page; knows nothing of controls. */
public final class ConnectViewModel implements AutoCloseable {

    /** The choice meaning "no profile: the environment's default chain". */
    public static final String DEFAULT_CHAIN = "(default chain)";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_EMULATOR = "http://127.0.0.1:5000";

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
    private static final Pattern PASTED_LINE = Pattern.compile(
            "^\\s*(aws_access_key_id|aws_secret_access_key|aws_session_token)\\s*=\\s*(\\S+)\\s*$",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    /**
     * Who the connection is.
     *
     * @param account the account id
     * @param arn the identity's ARN
     * @param region the region
     * @param root whether it is the account's root user
     */
    public record Identity(String account, String arn, String region, boolean root) {
    }

    private final LabSession session;
    private final BackgroundRunner runner;
    private final Optional<Path> emulatorExecutable;
    private final ObservableList<String> profiles = FXCollections.observableArrayList();
    private final StringProperty profile = new SimpleStringProperty(DEFAULT_CHAIN);
    private final StringProperty region = new SimpleStringProperty(DEFAULT_REGION);
    private final StringProperty pasted = new SimpleStringProperty("");
    private final BooleanProperty practiceMode = new SimpleBooleanProperty(false);
    private final StringProperty emulatorUrl = new SimpleStringProperty(DEFAULT_EMULATOR);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canConnect = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not connected");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper account = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper identityArn = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper connectedRegion = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper emulatorRunning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper sessionExpiry = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper sessionExpired = new ReadOnlyBooleanWrapper(false);
    private EmulatorProcess emulator;
    /** 0: moto's instant answers; above 0, AWS's waits and transient errors on that time scale. */
    private final javafx.beans.property.DoubleProperty timingScale = new javafx.beans.property.SimpleDoubleProperty(0);
    private dev.labconsole.emulator.AwsLikeProxy realisticProxy;
    private Optional<Path> registryExecutable = Optional.empty();
    private Path registryStorage;
    private LocalRegistry registry;
    private final ReadOnlyStringWrapper practiceRegistry = new ReadOnlyStringWrapper("");
    private String registryNote;
    private Clock clock = Clock.systemUTC();
    private Path credentialsFile = defaultCredentialsFile();
    private Instant pastedAt;
    private SessionExpiry expiry;

    public ConnectViewModel(LabSession session, BackgroundRunner runner, List<String> knownProfiles,
            Optional<Path> emulatorExecutable) {
        this.session = session;
        this.runner = runner;
        this.emulatorExecutable = emulatorExecutable;
        profiles.add(DEFAULT_CHAIN);
        profiles.addAll(knownProfiles);
        problem.bind(Bindings.createStringBinding(this::findProblem, profile, region, pasted, practiceMode,
                emulatorUrl, session.form().labProperty()));
        canConnect.bind(problem.isEmpty().and(busy.not()));
        // Academy credentials last 4 h from when the lab started; pasting is the closest moment we see.
        pasted.addListener((o, was, now) -> pastedAt = now == null || now.isBlank() ? null : clock.instant());
    }

    private static Path defaultCredentialsFile() {
        String file = System.getenv("AWS_SHARED_CREDENTIALS_FILE");
        return file != null ? Path.of(file) : Path.of(System.getProperty("user.home"), ".aws", "credentials");
    }

    /**
     * Where Start emulator finds Debian's {@code docker-registry} to start beside the emulator, and
     * where that registry keeps its images.
     */
    public void localRegistry(Optional<Path> executable, Path storage) {
        this.registryExecutable = executable;
        this.registryStorage = storage;
    }

    /** The clock the session countdown reads (tests move it). */
    public void clock(Clock countdownClock) {
        this.clock = countdownClock;
    }

    /** The credentials file whose expiry keys the countdown reads (tests give their own). */
    public void credentialsFile(Path file) {
        this.credentialsFile = file;
    }

    /**
     * When the connection's credentials expire: stated in the pasted block or the profile's section of
     * the credentials file, else for pasted credentials Academy's 4 h from pasting (an estimate), else unknown.
     */
    SessionExpiry expiryOf(Connection target) {
        if (target.endpoint() != null) {
            return null;
        }
        if (target.pasted() != null) {
            Optional<Instant> stated = SessionExpiry.stated(pasted.get() == null ? "" : pasted.get(), null);
            return stated.map(at -> new SessionExpiry(at, false)).orElseGet(() -> new SessionExpiry(
                    (pastedAt != null ? pastedAt : clock.instant()).plus(SessionExpiry.ACADEMY_SESSION), true));
        }
        String name = target.profile() != null ? target.profile() : "default";
        return SessionExpiry.stated(credentialsFile, name).map(at -> new SessionExpiry(at, false)).orElse(null);
    }

    /** Starts the countdown for a connection that just worked. */
    void sessionStarted(Connection target) {
        expiry = expiryOf(target);
        refreshSessionExpiry();
    }

    /** Says again how long the session has left; the page calls it every 30 s. */
    public void refreshSessionExpiry() {
        Instant now = clock.instant();
        sessionExpiry.set(expiry == null ? "" : expiry.describe(now));
        sessionExpired.set(expiry != null && expiry.expired(now));
    }

    /**
     * The three values from AWS Academy's "AWS Details" ({@code aws_access_key_id=...} lines, in any
     * order, other lines ignored), or null when {@code text} is blank.
     *
     * @throws IllegalArgumentException naming what is missing
     */
    public static PastedCredentials parsePasted(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String key = null;
        String secret = null;
        String token = null;
        Matcher m = PASTED_LINE.matcher(text);
        while (m.find()) {
            switch (m.group(1).toLowerCase(java.util.Locale.ROOT)) {
                case "aws_access_key_id" -> key = m.group(2);
                case "aws_secret_access_key" -> secret = m.group(2);
                default -> token = m.group(2);
            }
        }
        if (key == null || secret == null) {
            throw new IllegalArgumentException("The pasted text needs aws_access_key_id=... and aws_secret_access_key=..."
                    + " lines: copy the whole block under AWS Details > AWS CLI in AWS Academy.");
        }
        return new PastedCredentials(key, secret, token);
    }

    private String findProblem() {
        if (!REGION.matcher(region.get() == null ? "" : region.get().trim()).matches()) {
            return "Region '" + region.get() + "': use a region code such as us-east-1";
        }
        try {
            parsePasted(pasted.get());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (practiceMode.get()) {
            try {
                URI uri = URI.create(emulatorUrl.get().trim());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    return "Emulator URL: use http://host:port, e.g. " + DEFAULT_EMULATOR;
                }
            } catch (IllegalArgumentException e) {
                return "Emulator URL: use http://host:port, e.g. " + DEFAULT_EMULATOR;
            }
        }
        return session.form().problem().map(p -> "Lab settings: " + p).orElse("");
    }

    /** The connection the fields describe; call only when {@link #problemProperty()} is empty. */
    public Connection connection() {
        PastedCredentials credentials = parsePasted(pasted.get());
        String chosenProfile = profile.get() == null || profile.get().isBlank() || DEFAULT_CHAIN.equals(profile.get())
                ? null : profile.get().trim();
        String endpoint = practiceMode.get() ? emulatorUrl.get().trim() : null;
        if (practiceMode.get() && credentials == null && chosenProfile == null) {
            // An emulator accepts any keys; a student practising should not need an AWS account.
            credentials = new PastedCredentials("testing", "testing", null);
        }
        String registryHostPort = practiceMode.get() && registry != null && registry.alive() ? registry.hostPort() : null;
        return new Connection(region.get().trim(), chosenProfile, endpoint, credentials, registryHostPort);
    }

    /** Connects in the background and asks AWS who this is. */
    public void connect() {
        if (!canConnect.get()) {
            return;
        }
        Connection target = connection();
        busy.set(true);
        status.set(practiceMode.get() ? "Connecting to the emulator..." : "Connecting to AWS...");
        warning.set("");
        runner.run(() -> {
            // One TCP connection says "nothing listens there" at once; the SDK would retry for a long while first.
            String unreachable = target.endpoint() == null ? null : target.endpointProblem("Emulator URL");
            if (unreachable != null) {
                throw new IllegalStateException(unreachable);
            }
            LabEngine engine = session.connect(target);
            // Identifies the engine (account, and the state's ids checked against it); fails when the credentials do not work.
            return identity(engine);
        }, who -> {
            busy.set(false);
            account.set(who.account());
            identityArn.set(who.arn());
            connectedRegion.set(who.region());
            status.set("Connected to account " + who.account() + " in " + who.region()
                    + (target.endpoint() != null ? " (practice mode: " + target.endpoint()
                            + (registryNote == null ? "" : "; " + registryNote) + ")" : ""));
            warning.set(who.root() ? "You are signed in as the account's root user: sign in as an IAM user or role"
                    + " instead (AWS advises never to use root for daily work)." : "");
            session.connected(who.account(), who.region(), target.endpoint() != null);
            sessionStarted(target);
        }, failure -> {
            busy.set(false);
            status.set("Could not connect: " + FailureText.of(failure));
        });
    }

    static Identity identity(LabEngine engine) {
        dev.labconsole.lab.Identity who = engine.identity();
        return new Identity(who.account(), who.arn(), who.region(), who.root());
    }

    /** Whether this machine can start an emulator: {@link EmulatorProcess#find()} found a {@code moto_server}. */
    public boolean canStartEmulator() {
        return emulatorExecutable.isPresent();
    }

    /** Starts {@code moto_server} on the emulator URL's port. */
    public void startEmulator() {
        if (emulatorExecutable.isEmpty() || (emulator != null && emulator.alive()) || busy.get()) {
            return;
        }
        int port;
        try {
            URI uri = URI.create(emulatorUrl.get().trim());
            port = uri.getPort() > 0 ? uri.getPort() : 5000;
        } catch (IllegalArgumentException e) {
            status.set("Type the emulator URL as http://127.0.0.1:<port>");
            return;
        }
        Path executable = emulatorExecutable.get();
        double scale = timingScale.get();
        busy.set(true);
        status.set("Starting the emulator on port " + port + "...");
        runner.run(() -> {
            if (scale <= 0) {
                EmulatorProcess started = EmulatorProcess.start(executable, port, EMULATOR_START_TIMEOUT);
                return new Object[] {started, startRegistry(port + 1), null};
            }
            // Realistic timing: moto on a port of its own, the AWS-like proxy on the one the student connects to.
            if (!EmulatorProcess.portFree(port)) {
                throw new IOException("port " + port + " is already in use: type another port in the emulator URL");
            }
            EmulatorProcess started = EmulatorProcess.start(executable, LocalRegistry.anyFreePort(), EMULATOR_START_TIMEOUT);
            try {
                var proxy = dev.labconsole.emulator.AwsLikeProxy.start(started.endpoint(), port,
                        dev.labconsole.emulator.EmulatorSettings.realistic(scale));
                return new Object[] {started, startRegistry(port + 1), proxy};
            } catch (IOException | RuntimeException e) {
                started.close();
                throw e;
            }
        }, result -> {
            emulator = (EmulatorProcess) result[0];
            realisticProxy = (dev.labconsole.emulator.AwsLikeProxy) result[2];
            Object startedRegistry = result[1];
            if (startedRegistry instanceof LocalRegistry local) {
                registry = local;
                practiceRegistry.set(local.hostPort());
                registryNote = "images go to the local registry " + local.hostPort();
            } else {
                practiceRegistry.set("");
                registryNote = (String) startedRegistry;
            }
            emulatorRunning.set(true);
            busy.set(false);
            // Started to be used: connect to it at once rather than leave the student to guess when it is up.
            practiceMode.set(true);
            emulatorUrl.set("http://127.0.0.1:" + port);
            connect();
        }, failure -> {
            busy.set(false);
            status.set("Could not start moto_server: " + failure.getMessage());
        });
    }

    private static final java.time.Duration EMULATOR_START_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** The registry started beside the emulator, or why there is none (a sentence for the page). */
    private Object startRegistry(int preferredPort) {
        if (registry != null && registry.alive()) {
            return registry;
        }
        if (registryExecutable.isEmpty() || registryStorage == null) {
            return "No local registry: the emulator has none, so the image can only be written to a file. Install"
                    + " Debian's docker-registry to push it in practice mode.";
        }
        try {
            return LocalRegistry.start(registryExecutable.get(), preferredPort, registryStorage, EMULATOR_START_TIMEOUT);
        } catch (IOException e) {
            return "The local registry did not start (" + e.getMessage() + "): the image can only be written to a file.";
        }
    }

    /** {@code 127.0.0.1:port} of the registry standing in for ECR in practice mode, or empty. */
    public ReadOnlyStringProperty practiceRegistryProperty() {
        return practiceRegistry.getReadOnlyProperty();
    }

    public ObservableList<String> profiles() {
        return profiles;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty pastedProperty() {
        return pasted;
    }

    public BooleanProperty practiceModeProperty() {
        return practiceMode;
    }

    public StringProperty emulatorUrlProperty() {
        return emulatorUrl;
    }

    public StringProperty labProperty() {
        return session.form().labProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canConnectProperty() {
        return canConnect.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty accountProperty() {
        return account.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty identityArnProperty() {
        return identityArn.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectedRegionProperty() {
        return connectedRegion.getReadOnlyProperty();
    }

    /** "session expires in 2 h 13 min", the expiry message, or empty when the expiry is unknown. */
    public ReadOnlyStringProperty sessionExpiryProperty() {
        return sessionExpiry.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty sessionExpiredProperty() {
        return sessionExpired.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty emulatorRunningProperty() {
        return emulatorRunning.getReadOnlyProperty();
    }

    /**
     * The time scale of Start emulator's AWS-like timing: 0 (the default) for moto's instant answers, 1
     * for AWS's real waits (a NAT gateway takes two minutes), in between to see the waits shortened.
     */
    public javafx.beans.property.DoubleProperty timingScaleProperty() {
        return timingScale;
    }

    @Override
    public void close() {
        if (realisticProxy != null) {
            realisticProxy.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
