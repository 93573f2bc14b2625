package dev.labconsole.runtime.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The platforms Lab Console is built for, and which native libraries each has: the one table the build's
 * per-platform profiles (root {@code pom.xml}, {@code platform-*}), the installers and {@code --version}
 * follow. {@code NativePlatformTest} checks every row against the profiles and the jars the build resolves.
 *
 * <p>PyTorch (the bundled model's engine) and the Hugging Face tokenizers ship no library for macOS on Intel
 * in the DJL versions this project uses; ONNX Runtime does, so ONNX models that take raw text
 * ({@code tokenizer=none}) still run there.
 */
public enum NativePlatform {
    LINUX_X86_64("Linux x86-64", "linux-x86_64", "linux", Set.of(Engine.PYTORCH, Engine.ONNX_RUNTIME), true),
    LINUX_AARCH64("Linux ARM64", "linux-aarch64", "linux-aarch64", Set.of(Engine.PYTORCH, Engine.ONNX_RUNTIME), true),
    MAC_AARCH64("macOS on Apple silicon", "osx-aarch64", "mac-aarch64", Set.of(Engine.PYTORCH, Engine.ONNX_RUNTIME), true),
    MAC_X86_64("macOS on Intel", "osx-x86_64", "mac", Set.of(Engine.ONNX_RUNTIME), false),
    WINDOWS_X86_64("Windows x86-64", "win-x86_64", "win", Set.of(Engine.PYTORCH, Engine.ONNX_RUNTIME), true);

    private static final String PYTORCH_PROPERTIES = "native/lib/pytorch.properties";

    private final String displayName;
    private final String classifier;
    private final String javafxClassifier;
    private final Set<Engine> engines;
    private final boolean tokenizers;

    NativePlatform(String displayName, String classifier, String javafxClassifier, Set<Engine> engines,
            boolean tokenizers) {
        this.displayName = displayName;
        this.classifier = classifier;
        this.javafxClassifier = javafxClassifier;
        this.engines = engines.isEmpty() ? EnumSet.noneOf(Engine.class) : EnumSet.copyOf(engines);
        this.tokenizers = tokenizers;
    }

    /** How a person names it, e.g. {@code macOS on Apple silicon}. */
    public String displayName() {
        return displayName;
    }

    /** DJL's name for it ({@code <os>-<arch>}), the classifier of {@code pytorch-native-cpu} where one exists. */
    public String classifier() {
        return classifier;
    }

    /** The {@code javafx.platform} classifier of the OpenJFX jars. */
    public String javafxClassifier() {
        return javafxClassifier;
    }

    /** The classifier of {@code ai.djl.pytorch:pytorch-native-cpu} for this platform, if PyTorch has one. */
    public Optional<String> pytorchNativeClassifier() {
        return engines.contains(Engine.PYTORCH) ? Optional.of(classifier) : Optional.empty();
    }

    /** Whether DJL's Hugging Face tokenizers library (word-piece models such as the bundled one) runs here. */
    public boolean hasTokenizers() {
        return tokenizers;
    }

    public boolean supports(Engine engine) {
        return engines.contains(engine);
    }

    /** Whether a model with this engine and tokenizer can be run here; the bundled model needs PyTorch and tokenizers. */
    public boolean canRun(Engine engine, TokenizerKind tokenizer) {
        return supports(engine) && (tokenizer != TokenizerKind.HUGGINGFACE || tokenizers);
    }

    /** The platform this JVM runs on, if it is one of the table's. */
    public static Optional<NativePlatform> current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** The table's platform for a JVM's {@code os.name} and {@code os.arch}. */
    public static Optional<NativePlatform> of(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.startsWith("linux")) {
            return x64 ? Optional.of(LINUX_X86_64) : arm64 ? Optional.of(LINUX_AARCH64) : Optional.empty();
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return x64 ? Optional.of(MAC_X86_64) : arm64 ? Optional.of(MAC_AARCH64) : Optional.empty();
        }
        if (os.startsWith("windows")) {
            return x64 ? Optional.of(WINDOWS_X86_64) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The current platform's name for messages: the table's, or what the JVM reports when it is not in the table. */
    public static String currentDisplayName() {
        return current().map(platform -> platform.displayName + " (" + platform.classifier + ")")
                .orElseGet(() -> System.getProperty("os.name") + " " + System.getProperty("os.arch")
                        + " (not a platform Lab Console is built for)");
    }

    /**
     * Fails with a message a student can act on when a model of this engine and tokenizer cannot run on this
     * platform, before DJL looks for a library that is not there (offline, it would fail with a download error).
     */
    public static void requireCanRun(Engine engine, TokenizerKind tokenizer) {
        Optional<NativePlatform> platform = current();
        if (platform.isPresent() && platform.get().canRun(engine, tokenizer)) {
            return;
        }
        String what = engine == Engine.PYTORCH ? "PyTorch models (such as the bundled model)"
                : "ONNX models with a Hugging Face tokenizer";
        String instead = platform.isPresent() && platform.get().supports(Engine.ONNX_RUNTIME)
                ? " ONNX models that take raw text (engine=OnnxRuntime, tokenizer=none) still run here;"
                        + " everything else in Lab Console works as usual."
                : " Everything else in Lab Console works as usual.";
        throw new ModelException("local prediction with " + what + " is not available on "
                + currentDisplayName() + ": there is no native library for it." + instead);
    }

    /**
     * The PyTorch native library this copy of Lab Console carries, read from the native jar's
     * {@code native/lib/pytorch.properties} on the class path, e.g. {@code PyTorch 2.7.1-20250812 cpu linux-x86_64}.
     */
    public static Optional<String> bundledPytorch() {
        try (InputStream in = NativePlatform.class.getClassLoader().getResourceAsStream(PYTORCH_PROPERTIES)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.of("PyTorch " + properties.getProperty("version", "?") + " "
                    + properties.getProperty("flavor", "cpu") + " " + properties.getProperty("classifier", "?"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One line for {@code --version}: which native libraries run models here. */
    public static String nativeLibrariesLine() {
        Optional<NativePlatform> platform = current();
        Optional<String> pytorch = bundledPytorch();
        StringBuilder line = new StringBuilder();
        if (pytorch.isPresent() && platform.isPresent() && platform.get().supports(Engine.PYTORCH)
                && pytorch.get().endsWith(" " + platform.get().classifier)) {
            line.append(pytorch.get()).append(" (pytorch-native-cpu)");
        } else if (pytorch.isPresent()) {
            line.append(pytorch.get()).append(" on the class path, which does not run here");
        } else {
            line.append("no PyTorch library (the bundled model cannot run here)");
        }
        line.append(platform.isPresent() && platform.get().supports(Engine.ONNX_RUNTIME)
                ? ", ONNX Runtime" : ", no ONNX Runtime");
        line.append(platform.isPresent() && platform.get().hasTokenizers()
                ? ", Hugging Face tokenizers" : ", no Hugging Face tokenizers");
        return line.toString();
    }
}
