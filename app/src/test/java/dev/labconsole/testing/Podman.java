package dev.labconsole.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs podman the one way containers start on this project's machines: {@code runc} (crun fails on
 * setrlimit and cgroups), cgroupfs, and a containers.conf without default ulimits.
 */
public final class Podman {

    private static final Path CONF = writeConf();

    private Podman() {
    }

    /** What one podman command printed and how it exited. */
    public record Result(int exitCode, String out, String err) {
        public Result orFail(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + err.strip());
            }
            return this;
        }
    }

    /** Skips the calling test, saying why, when podman or runc is missing (CI installs them: .ci/run). */
    public static void assumeAvailable() {
        assumeTrue(Executables.onPath("podman") && (Executables.onPath("runc") || Files.isExecutable(Path.of("/usr/sbin/runc"))),
                "podman and runc are not installed (apt-get install podman runc); container tests skipped");
    }

    /** {@code podman <args>}, waiting at most {@code timeout}. */
    public static Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"));
        command.addAll(List.of(args));
        return Executables.run(command, timeout, java.util.Map.of("CONTAINERS_CONF", CONF.toString()));
    }

    private static Path writeConf() {
        try {
            Path file = Files.createTempFile("labconsole-containers", ".conf");
            Files.writeString(file, "[containers]\ndefault_ulimits = []\n", StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs programs for the test helpers. */
    static final class Executables {

        private Executables() {
        }

        static boolean onPath(String name) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
                    return true;
                }
            }
            return Files.isExecutable(Path.of("/usr/sbin", name)) || Files.isExecutable(Path.of("/sbin", name));
        }

        static Result run(List<String> command, Duration timeout, java.util.Map<String, String> environment) {
            try {
                Path out = Files.createTempFile("labconsole-cmd", ".out");
                Path err = Files.createTempFile("labconsole-cmd", ".err");
                try {
                    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                    builder.environment().putAll(environment);
                    Process process = builder.start();
                    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                        throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
                    }
                    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
                } finally {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(err);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted running " + command.get(0), e);
            }
        }
    }
}
