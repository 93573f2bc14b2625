package dev.labconsole.ui.connect;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A {@code moto_server} the window started for practice mode; stopped when the window closes. */
public final class EmulatorProcess implements AutoCloseable {

    private final Process process;

    private EmulatorProcess(Process process) {
        this.process = process;
    }

    /** {@code moto_server} on the PATH, if there is one. */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
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
