package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.testing.TaggedResources;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The lab's reliability through the AWS-like proxy in front of moto: seeded runs of apply + destroy
 * with injected faults (converged? duplicates? 0 left?), {@code kill -9} of a real CLI process at a
 * random moment of apply and of destroy (does the next run finish, then tear down to 0?), and a
 * session token that expires mid-run (consistent state, a message that says what to do, a re-run with
 * fresh keys that finishes). {@code benchmarks/reliability.sh} runs it; {@code ReliabilityTest} runs a
 * reduced version in the suite.
 *
 * <p>Usage: {@code ReliabilityBenchmark [--seeds 20] [--kills 10] [--scale 0.005] [--faults 0.1]}
 */
public final class ReliabilityBenchmark {

    /** What one apply of the lab makes, by kind, as {@link TaggedResources} counts it. */
    static final Map<String, Integer> EXPECTED = Map.ofEntries(Map.entry("vpc", 1), Map.entry("subnet", 4),
            Map.entry("igw", 1), Map.entry("route table", 2), Map.entry("nat", 1), Map.entry("eip", 1),
            Map.entry("security group", 2), Map.entry("load balancer", 1), Map.entry("target group", 1),
            Map.entry("service", 1), Map.entry("bucket", 1), Map.entry("repository", 1));

    /** The faults of the benchmark: those AWS gives under load and right after creates. */
    static final EnumSet<EmulatorSettings.Fault> FAULTS = EnumSet.of(EmulatorSettings.Fault.THROTTLE,
            EmulatorSettings.Fault.SERVER_ERROR, EmulatorSettings.Fault.LOST_REPLY,
            EmulatorSettings.Fault.NOT_FOUND_AFTER_CREATE);

    private ReliabilityBenchmark() {
    }

    static AwsClients clients(URI endpoint, String accessKey) {
        return AwsClients.create(new AwsTarget("us-east-1", null, endpoint),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")));
    }

    /**
     * One seeded apply + destroy through faults.
     *
     * @param firstApplyOk whether the first apply finished every step
     * @param converged whether it finished within two applies (a student runs it again)
     * @param duplicates the kinds with more than one apply makes
     * @param leftAfterDestroy what the emulator still held after destroy (by kind)
     * @param destroyNothingLeft whether destroy's own result said nothing is left
     * @param destroyTrouble what each destroy that left something said failed and left (empty when none did), so a
     *     rare leftover can be traced from the benchmark's output
     */
    record SeededRun(long seed, boolean firstApplyOk, boolean converged, List<String> duplicates,
            Map<String, Integer> leftAfterDestroy, boolean destroyNothingLeft, int faults, double seconds,
            String firstFailure, List<String> destroyTrouble) {
    }

    /** A destroy's failed steps and what it says is left, in a line; empty when it left nothing. */
    static String trouble(RunResult destroyed) {
        if (destroyed.nothingLeft()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        destroyed.outcomes().values().stream().filter(o -> o.status() == StepOutcome.Status.FAILED)
                .forEach(o -> parts.add(o.step() + " failed: " + o.message()));
        destroyed.leftovers().forEach(r -> parts.add("left " + r.kind() + " " + r.id() + " (" + r.state() + ")"));
        destroyed.unknown().forEach(u -> parts.add("unknown " + u));
        return String.join("; ", parts);
    }

    static SeededRun seeded(MotoServer moto, Path home, long seed, double scale, double share) throws IOException {
        moto.reset();
        String lab = "seed-" + seed;
        long start = System.nanoTime();
        EmulatorSettings settings = EmulatorSettings.realistic(scale).withFaults(share, seed, FAULTS);
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), settings);
                AwsClients aws = clients(proxy.endpoint(), "bench");
                AwsClients direct = clients(moto.endpoint(), "direct")) {
            RunResult first;
            try (LabEngine engine = LabEngine.open(LabConfig.named(lab), aws, new LabStateStore(home), e -> { })) {
                first = engine.apply();
            }
            boolean converged = first.ok();
            if (!converged) {
                try (LabEngine engine = LabEngine.open(LabConfig.named(lab), aws, new LabStateStore(home), e -> { })) {
                    converged = engine.apply().ok();
                }
            }
            Map<String, Integer> counts = TaggedResources.count(direct, lab);
            List<String> duplicates = new ArrayList<>();
            counts.forEach((kind, n) -> {
                if (n > EXPECTED.getOrDefault(kind, 1)) {
                    duplicates.add(kind + " x" + n);
                }
            });
            RunResult destroyed;
            List<String> trouble = new ArrayList<>();
            try (LabEngine engine = LabEngine.open(LabConfig.named(lab), aws, new LabStateStore(home), e -> { })) {
                destroyed = engine.destroy();
                trouble.add(trouble(destroyed));
                if (!destroyed.nothingLeft()) {
                    destroyed = engine.destroy(); // a student runs it again when it says what is left
                    trouble.add(trouble(destroyed));
                }
            }
            trouble.removeIf(String::isEmpty);
            Map<String, Integer> left = new LinkedHashMap<>();
            TaggedResources.count(direct, lab).forEach((kind, n) -> {
                if (n > 0) {
                    left.put(kind, n);
                }
            });
            String failure = first.outcomes().values().stream().filter(o -> o.status() == StepOutcome.Status.FAILED)
                    .map(o -> o.step() + ": " + o.message()).findFirst().orElse("");
            return new SeededRun(seed, first.ok(), converged, duplicates, left, destroyed.nothingLeft(), proxy.faults(),
                    (System.nanoTime() - start) / 1e9, failure, trouble);
        }
    }

    /**
     * A CLI process killed with SIGKILL at a random moment of {@code killed} ("apply" or "destroy"), then
     * the same command run again to the end, then destroy.
     *
     * @param killedAfterSeconds when the kill came
     * @param resumedOk whether the next run of the killed command exited 0
     * @param duplicates kinds with more than one apply makes, after the resumed apply
     * @param leftAfterDestroy what the emulator held after the final destroy
     */
    record KillRun(String killed, double killedAfterSeconds, boolean resumedOk, List<String> duplicates,
            Map<String, Integer> leftAfterDestroy, boolean destroyOk) {
    }

    static KillRun kill(MotoServer moto, Path home, String killed, Random random, double scale, double typicalSeconds)
            throws IOException, InterruptedException {
        moto.reset();
        String lab = "kill-" + killed;
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(scale));
                AwsClients direct = clients(moto.endpoint(), "direct")) {
            if (killed.equals("destroy")) {
                cli(home, proxy.endpoint(), "apply", lab, Duration.ofMinutes(5));
            }
            // Within the command's usual run (JVM start included), so that the kill lands before it ends.
            double after = 1 + random.nextDouble() * Math.max(0.5, 0.9 * typicalSeconds - 1);
            Process process = start(home, proxy.endpoint(), killed, lab);
            boolean finished = process.waitFor((long) (after * 1000), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup
            }
            boolean resumed = cli(home, proxy.endpoint(), killed, lab, Duration.ofMinutes(5)) == 0;
            List<String> duplicates = new ArrayList<>();
            if (killed.equals("apply")) {
                TaggedResources.count(direct, lab).forEach((kind, n) -> {
                    if (n > EXPECTED.getOrDefault(kind, 1)) {
                        duplicates.add(kind + " x" + n);
                    }
                });
            }
            boolean destroyOk = killed.equals("destroy") ? resumed
                    : cli(home, proxy.endpoint(), "destroy", lab, Duration.ofMinutes(5)) == 0;
            Map<String, Integer> left = new LinkedHashMap<>();
            TaggedResources.count(direct, lab).forEach((kind, n) -> {
                if (n > 0) {
                    left.put(kind, n);
                }
            });
            return new KillRun(killed, finished ? -1 : after, resumed, duplicates, left, destroyOk);
        }
    }

    /** A real CLI process: this JVM's class path, the lab's state in {@code home}, the emulator's keys. */
    private static Process start(Path home, URI endpoint, String command, String lab) throws IOException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "dev.labconsole.Launcher",
                command, "--lab", lab, "--region", "us-east-1", "--endpoint", endpoint.toString(),
                "--home", home.toString()));
        args.add("--yes");
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(home.resolve(command + "-" + lab + ".log").toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "cli");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "cli");
        return builder.start();
    }

    /** Runs the CLI to its end; its exit code. */
    static int cli(Path home, URI endpoint, String command, String lab, Duration timeout)
            throws IOException, InterruptedException {
        Process process = start(home, endpoint, command, lab);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }

    /** How long a CLI command takes uninterrupted (for where the kills land). */
    static double timeCli(MotoServer moto, Path home, String command, double scale) throws Exception {
        moto.reset();
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(scale))) {
            if (command.equals("destroy")) {
                cli(home, proxy.endpoint(), "apply", "timing", Duration.ofMinutes(5));
            }
            long start = System.nanoTime();
            cli(home, proxy.endpoint(), command, "timing", Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (command.equals("apply")) {
                cli(home, proxy.endpoint(), "destroy", "timing", Duration.ofMinutes(5));
            }
            return seconds;
        }
    }

    /**
     * The session expires once the subnets exist: apply stops with a message saying what to do, the state
     * holds only what exists, and a re-run with fresh keys finishes without duplicates, then destroy to 0.
     */
    record ExpiryRun(boolean stoppedWithExpiry, String message, boolean stateConsistent, boolean rerunOk,
            List<String> duplicates, boolean destroyedToNothing) {
    }

    static ExpiryRun expiry(MotoServer moto, Path home, double scale) throws IOException {
        moto.reset();
        String lab = "expiry";
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.realistic(scale));
                AwsClients old = clients(proxy.endpoint(), "session-1");
                AwsClients direct = clients(moto.endpoint(), "direct")) {
            RunResult stopped;
            try (LabEngine engine = LabEngine.open(LabConfig.named(lab), old, new LabStateStore(home), event -> {
                if (event.step() == StepId.SUBNETS && event.kind() == LabEvent.Kind.DONE) {
                    proxy.expireCredentialsNow();
                }
            })) {
                stopped = engine.apply();
            }
            String message = stopped.outcomes().values().stream().filter(o -> o.status() == StepOutcome.Status.FAILED)
                    .map(StepOutcome::message).findFirst().orElse("");
            boolean consistent = true;
            LabState state = new LabStateStore(home).load(lab).orElseThrow();
            ResourceProbe probe = new ResourceProbe(direct);
            for (Map.Entry<ResourceKey, String> id : state.ids().entrySet()) {
                var seen = probe.probe(id.getKey(), id.getValue(), state.ids());
                if (seen.isPresent() && !seen.get().exists()) {
                    consistent = false;
                }
            }
            boolean rerunOk;
            try (AwsClients fresh = clients(proxy.endpoint(), "session-2");
                    LabEngine engine = LabEngine.open(LabConfig.named(lab), fresh, new LabStateStore(home), e -> { })) {
                rerunOk = engine.apply().ok();
                List<String> duplicates = new ArrayList<>();
                TaggedResources.count(direct, lab).forEach((kind, n) -> {
                    if (n > EXPECTED.getOrDefault(kind, 1)) {
                        duplicates.add(kind + " x" + n);
                    }
                });
                boolean nothing = engine.destroy().nothingLeft() && TaggedResources.none(direct, lab);
                return new ExpiryRun(message.contains("session has expired"), message, consistent, rerunOk, duplicates,
                        nothing);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int seeds = 20;
        int kills = 10;
        double scale = 0.005;
        double share = 0.1;
        for (int i = 0; i < args.length - 1; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--faults" -> share = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path home = Files.createTempDirectory("reliability");
        try (MotoServer moto = MotoServer.start(Map.of("MOTO_ECS_SERVICE_RUNNING", "2"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(moto::close, "stop-moto"));
            System.out.printf("# reliability: %d seeds at %.0f%% faults %s, time scale %s%n", seeds, share * 100, FAULTS,
                    scale);
            int converged = 0;
            int firstOk = 0;
            int clean = 0;
            int noDuplicates = 0;
            for (long seed = 1; seed <= seeds; seed++) {
                SeededRun run = seeded(moto, home, seed, scale, share);
                System.out.println(run);
                firstOk += run.firstApplyOk() ? 1 : 0;
                converged += run.converged() ? 1 : 0;
                noDuplicates += run.duplicates().isEmpty() ? 1 : 0;
                clean += run.leftAfterDestroy().isEmpty() && run.destroyNothingLeft() ? 1 : 0;
            }
            System.out.printf("seeded: first apply ok %d/%d, converged %d/%d, no duplicate %d/%d, 0 left %d/%d%n",
                    firstOk, seeds, converged, seeds, noDuplicates, seeds, clean, seeds);

            ExpiryRun expiry = expiry(moto, home, scale);
            System.out.println(expiry);

            if (kills > 0) {
                double applySeconds = timeCli(moto, home, "apply", scale);
                double destroySeconds = timeCli(moto, home, "destroy", scale);
                System.out.printf("# uninterrupted CLI: apply %.1f s, destroy %.1f s (kills land within these)%n",
                        applySeconds, destroySeconds);
                Random random = new Random(99);
                for (String phase : List.of("apply", "destroy")) {
                    int resumed = 0;
                    int zero = 0;
                    int killedMidRun = 0;
                    for (int i = 0; i < kills; i++) {
                        KillRun run = kill(moto, home, phase, random, scale, phase.equals("apply") ? applySeconds
                                : destroySeconds);
                        System.out.println(run);
                        killedMidRun += run.killedAfterSeconds() >= 0 ? 1 : 0;
                        resumed += run.resumedOk() && run.duplicates().isEmpty() ? 1 : 0;
                        zero += run.leftAfterDestroy().isEmpty() && run.destroyOk() ? 1 : 0;
                    }
                    System.out.printf("kill -9 during %s: killed mid-run %d/%d, resumed to complete %d/%d, then to 0"
                            + " %d/%d%n", phase, killedMidRun, kills, resumed, kills, zero, kills);
                }
            }
        }
    }
}
