package dev.labconsole.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the Connect page finds an emulator to start for practice mode. */
class EmulatorProcessTest {

    @TempDir
    Path temp;

    private Path executable(String relative) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void thePathComesFirstThenTheCheckoutsVirtualenvs() throws IOException {
        Path checkout = temp.resolve("checkout");
        Path fromTests = executable("checkout/.venv-test/bin/moto_server");
        assertThat(EmulatorProcess.find("/nonexistent" + File.pathSeparator, Optional.of(checkout)))
                .as("what the test command installed").contains(fromTests);

        Path fromReadme = executable("checkout/.venv-moto/bin/moto_server");
        assertThat(EmulatorProcess.find(null, Optional.of(checkout))).contains(fromReadme);

        Path onPath = executable("bin/moto_server");
        assertThat(EmulatorProcess.find(onPath.getParent().toString(), Optional.of(checkout))).contains(onPath);
    }

    @Test
    void pipxsFolderIsFoundWhenTheDesktopsPathLacksIt() throws IOException {
        Path home = temp.resolve("home");
        Path checkout = temp.resolve("checkout");
        executable("checkout/.venv-test/bin/moto_server");
        Path fromPipx = executable("home/.local/bin/moto_server");

        assertThat(EmulatorProcess.find("/usr/bin", Optional.of(checkout), Optional.of(home), false))
                .as("an installed copy started from the menu, moto installed with pipx").contains(fromPipx);
    }

    @Test
    void onWindowsTheVirtualenvsScriptsFolderHoldsAnExe() throws IOException {
        Path checkout = temp.resolve("checkout");
        executable("checkout/.venv-test/bin/moto_server");
        Path windowsVenv = executable("checkout/.venv-test/Scripts/moto_server.exe");

        assertThat(EmulatorProcess.find(null, Optional.of(checkout), Optional.empty(), true)).contains(windowsVenv);
    }

    @Test
    void aFileThatCannotRunIsNotAnEmulator() throws IOException {
        Path notExecutable = temp.resolve("bin/moto_server");
        Files.createDirectories(notExecutable.getParent());
        Files.writeString(notExecutable, "not a program");

        assertThat(EmulatorProcess.find(notExecutable.getParent().toString(), Optional.empty())).isEmpty();
    }
}
