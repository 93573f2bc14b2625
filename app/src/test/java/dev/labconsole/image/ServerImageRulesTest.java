package dev.labconsole.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's rules that need no registry: what is left out, what counts as loopback, what is bad input. */
class ServerImageRulesTest {

    @TempDir
    Path dir;

    @Test
    void keepsOnlyLinuxX8664NativesAndNeverClasses() {
        // ONNX Runtime: every platform in one jar, with debug symbols.
        assertThat(ServerImage.notForTheImage("ai/onnxruntime/native/linux-x64/libonnxruntime.so")).isFalse();
        assertThat(ServerImage.notForTheImage("ai/onnxruntime/native/linux-aarch64/libonnxruntime.so")).isTrue();
        assertThat(ServerImage.notForTheImage("ai/onnxruntime/native/osx-x64/libonnxruntime.dylib")).isTrue();
        assertThat(ServerImage.notForTheImage(
                "ai/onnxruntime/native/osx-x64/libonnxruntime.dylib.dSYM/Contents/Resources/DWARF/libonnxruntime.dylib")).isTrue();
        assertThat(ServerImage.notForTheImage("ai/onnxruntime/native/win-x64/onnxruntime.pdb")).isTrue();
        // JNA names its folders its own way; its win32 package holds classes, which always stay.
        assertThat(ServerImage.notForTheImage("com/sun/jna/linux-x86-64/libjnidispatch.so")).isFalse();
        assertThat(ServerImage.notForTheImage("com/sun/jna/darwin-aarch64/libjnidispatch.jnilib")).isTrue();
        assertThat(ServerImage.notForTheImage("com/sun/jna/win32/StdCallLibrary.class")).isFalse();
        // DJL: GPU builds out, and what the natives layer holds unpacked is not shipped twice.
        assertThat(ServerImage.notForTheImage("jnilib/linux-x86_64/cu128/libdjl_torch.so")).isTrue();
        assertThat(ServerImage.notForTheImage("jnilib/linux-x86_64/cpu/libdjl_torch.so")).isTrue();
        assertThat(ServerImage.notForTheImage("native/lib/linux-x86_64/cpu/libtokenizers.so")).isTrue();
        assertThat(ServerImage.notForTheImage("native/lib/tokenizers.properties")).isFalse();
        assertThat(ServerImage.notForTheImage("jnilib/pytorch.properties")).isFalse();
    }

    @Test
    void plainHttpOnlyForRegistriesOnThisMachine() {
        assertThat(ServerImage.isLoopback("127.0.0.1:5000")).isTrue();
        assertThat(ServerImage.isLoopback("127.12.0.7")).isTrue();
        assertThat(ServerImage.isLoopback("localhost:5000")).isTrue();
        assertThat(ServerImage.isLoopback("[::1]:5000")).isTrue();
        assertThat(ServerImage.isLoopback("123456789012.dkr.ecr.us-east-1.amazonaws.com")).isFalse();
        assertThat(ServerImage.isLoopback("127.0.0.1.example.com:5000")).isFalse();
        assertThat(ServerImage.isLoopback("public.ecr.aws")).isFalse();
    }

    @Test
    void badInputIsCaughtBeforeAnyNetworkCall() {
        ImageDestination registry = new ImageDestination.Registry("127.0.0.1:5000/server:1", null);
        assertThatThrownBy(() -> ServerImage.validate(new ImageRequest("Not An Image", null, registry)))
                .isInstanceOf(ImageException.class).hasMessageContaining("--base 'Not An Image'")
                .extracting(e -> ((ImageException) e).kind()).isEqualTo(ImageException.Kind.BAD_INPUT);
        assertThatThrownBy(() -> ServerImage.validate(new ImageRequest(ServerImage.DEFAULT_BASE, null,
                new ImageDestination.Archive(dir.resolve("missing/x.tar"), "server:1"))))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ServerImage.validate(new ImageRequest(ServerImage.DEFAULT_BASE, null,
                new ImageDestination.Archive(dir, "server:1"))))
                .hasMessageContaining("is a folder");
        ServerImage.validate(new ImageRequest(ServerImage.DEFAULT_BASE, null, new ImageDestination.Archive(dir.resolve("x.tar"), "server:1")));
    }

    @Test
    void theEntrypointBoundsMemoryRunsOfflineAndGivesTheUserAHome() {
        assertThat(ServerImage.entrypoint()).startsWith("java").contains("-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true", "-Duser.home=" + ServerImage.HOME)
                .endsWith(ServerImage.SERVER_MAIN);
    }

    @Test
    void aJarOfAFolderIsTheSameBytesEveryTime() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/dev/x"));
        Files.writeString(classes.resolve("A.class"), "a");
        Files.writeString(Files.createDirectories(dir.resolve("classes/labconsole/models/m")).resolve("model.pt"), "big");
        Path first = SlimJar.ofFolder(dir.resolve("classes"), "server.jar", name -> name.startsWith("labconsole/models/"),
                dir.resolve("out1"));
        Files.setLastModifiedTime(classes.resolve("A.class"), java.nio.file.attribute.FileTime.fromMillis(0));
        Path second = SlimJar.ofFolder(dir.resolve("classes"), "server.jar", name -> name.startsWith("labconsole/models/"),
                dir.resolve("out2"));

        assertThat(Files.mismatch(first, second)).isEqualTo(-1);
        try (var zip = new java.util.zip.ZipFile(first.toFile())) {
            assertThat(zip.stream().map(java.util.zip.ZipEntry::getName)).containsExactly("dev/x/A.class");
        }
    }
}
