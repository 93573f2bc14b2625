package dev.labconsole.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real {@code labconsole} command in a child JVM, as a student runs it: this test's class path,
 * {@code LABCONSOLE_HOME} in a test folder, static test credentials, its output (both streams) in
 * {@code run.log} of that folder. Can be killed ({@code kill -9}) or interrupted as Ctrl-C does.
 */
public final class LabConsoleProcess {

    private final Process process;
    private final Path log;

    private LabConsoleProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} (e.g. {@code apply --yes}) for {@code lab} against the emulator at
     * {@code endpoint}, in {@code us-east-1}, with {@code home} as its home; its output replaces {@code run.log}.
     */
    public static LabConsoleProcess start(Path home, String lab, URI endpoint, String... command) throws IOException {
        // A JVM started with SIGINT ignored (as a shell's background jobs are) never sees Ctrl-C:
        // env puts the default back, so the JVM installs its own handler, as in a terminal.
        List<String> args = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "dev.labconsole.Launcher"));
        args.addAll(List.of(command));
        args.addAll(List.of("--lab", lab, "--endpoint", endpoint.toString(), "--region", "us-east-1"));
        Path log = home.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("LABCONSOLE_HOME", home.toString());
        // The native libraries are unpacked once per machine, not into this test's temporary home.
        String djlCache = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        builder.environment().put("DJL_CACHE_DIR", djlCache != null ? djlCache
                : Path.of(System.getProperty("user.home"), ".labconsole", "djl-cache").toString());
        return new LabConsoleProcess(builder.start(), log);
    }

    /** What the command printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the output holds {@code text}; fails, showing the output, if the process ends first or time runs out. */
    public void awaitOutput(String text, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("the command ended (exit " + process.exitValue() + ") before printing '"
                        + text + "':\n" + output());
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + output());
            }
            Thread.sleep(100);
        }
    }

    /** Sends SIGINT, what Ctrl-C in a terminal sends ({@link Process#destroy()} sends SIGTERM). */
    public void interrupt() throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT " + process.pid() + " failed");
        }
    }

    /** {@code kill -9}: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Whether the process ended within {@code timeout}. */
    public boolean ended(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** The {@code .tmp} files in the state folder: what a save cut short leaves. */
    public static List<Path> temporaryStateFiles(Path home) throws IOException {
        Path labs = home.resolve("labs");
        if (!Files.isDirectory(labs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(labs)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
