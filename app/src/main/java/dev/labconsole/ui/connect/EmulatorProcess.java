package dev.labconsole.ui.connect;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@code moto_server} the window started for practice mode; stopped when the window closes. */
public final class EmulatorProcess implements AutoCloseable {

    private final Process process;

    private EmulatorProcess(Process process) {
        this.process = process;
    }

    /**
     * {@code moto_server} on the PATH, or else in the checkout's virtualenvs: {@code .venv-moto} (the
     * README's practice-mode set-up) or {@code .venv-test} (what the test command installs), so a
     * student who ran either needs nothing more for practice mode.
     */
    public static Optional<Path> find() {
        String launcher = System.getProperty("labconsole.launcher");
        return find(System.getenv("PATH"),
                launcher == null ? Optional.empty() : Optional.ofNullable(Path.of(launcher).getParent()));
    }

    static Optional<Path> find(String pathVariable, Optional<Path> checkout) {
        List<Path> candidates = new ArrayList<>();
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "moto_server"));
                }
            }
        }
        checkout.ifPresent(root -> {
            candidates.add(root.resolve(".venv-moto/bin/moto_server"));
            candidates.add(root.resolve(".venv-test/bin/moto_server"));
        });
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Starts {@code executable} on {@code port}; its output is discarded. */
    public static EmulatorProcess start(Path executable, int port) throws IOException {
        Process process = new ProcessBuilder(executable.toString(), "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new EmulatorProcess(process);
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
