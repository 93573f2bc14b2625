package dev.labconsole.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.pytorch.engine.PtEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The platform table against what the build really resolves: the root pom's platform profiles, every
 * platform's PyTorch native jar in the local repository (inference-runtime's resolve-pytorch-natives-*),
 * and the JNI, tokenizers and ONNX Runtime libraries inside the jars on this class path.
 */
class NativePlatformTest {

    private static final String PYTORCH_VERSION = "2.7.1";

    @Test
    void mapsTheNamesJvmsReportToTheTable() {
        assertThat(NativePlatform.of("Linux", "amd64")).contains(NativePlatform.LINUX_X86_64);
        assertThat(NativePlatform.of("Linux", "aarch64")).contains(NativePlatform.LINUX_AARCH64);
        assertThat(NativePlatform.of("Mac OS X", "aarch64")).contains(NativePlatform.MAC_AARCH64);
        assertThat(NativePlatform.of("Mac OS X", "x86_64")).contains(NativePlatform.MAC_X86_64);
        assertThat(NativePlatform.of("Windows 11", "amd64")).contains(NativePlatform.WINDOWS_X86_64);
        assertThat(NativePlatform.of("Linux", "ppc64le")).isEmpty();
        assertThat(NativePlatform.of("Windows 11", "aarch64")).isEmpty();
        assertThat(NativePlatform.of("FreeBSD", "amd64")).isEmpty();
    }

    @Test
    void everyPlatformHasTheRootPomProfileThatSelectsItsJars() throws Exception {
        Map<String, Element> profiles = platformProfiles();
        for (NativePlatform platform : NativePlatform.values()) {
            Element profile = profiles.remove("platform-" + platform.classifier());
            assertThat(profile).as("root pom.xml profile platform-%s", platform.classifier()).isNotNull();
            Element os = (Element) profile.getElementsByTagName("os").item(0);
            String name = text(os, "name").orElseGet(() -> switch (text(os, "family").orElse("")) {
                case "mac" -> "Mac OS X";
                case "windows" -> "Windows 11";
                default -> "unknown";
            });
            assertThat(NativePlatform.of(name, text(os, "arch").orElse("")))
                    .as("the OS %s activating platform-%s", name, platform.classifier()).contains(platform);
            assertThat(text(profile, "labconsole.platform")).contains(platform.classifier());
            assertThat(text(profile, "labconsole.javafx.platform")).contains(platform.javafxClassifier());
            assertThat(text(profile, "djl.pytorch.classifier").orElse(""))
                    .isEqualTo(platform.pytorchNativeClassifier().orElse(""));
            assertThat(text(profile, "djl.pytorch.native.type").orElse("jar"))
                    .isEqualTo(platform.supports(Engine.PYTORCH) ? "jar" : "pom");
        }
        assertThat(profiles.keySet()).as("platform profiles the table does not have").isEmpty();
    }

    @Test
    void everyPytorchPlatformMapsToANativeJarTheBuildResolved() throws IOException {
        Path nativeFolder = localRepositoryFolder(PtEngine.class).resolve("pytorch-native-cpu").resolve(PYTORCH_VERSION);
        for (NativePlatform platform : NativePlatform.values()) {
            Optional<String> classifier = platform.pytorchNativeClassifier();
            if (classifier.isEmpty()) {
                continue;
            }
            Path jar = nativeFolder.resolve("pytorch-native-cpu-" + PYTORCH_VERSION + "-" + classifier.get() + ".jar");
            assertThat(jar).as("%s's native jar (./mvnw -B test-compile resolves it)", platform).isRegularFile();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Properties properties = new Properties();
                try (InputStream in = zip.getInputStream(zip.getEntry("native/lib/pytorch.properties"))) {
                    properties.load(in);
                }
                assertThat(properties.getProperty("classifier")).isEqualTo(classifier.get());
                assertThat(zip.stream().map(ZipEntry::getName))
                        .anyMatch(name -> name.startsWith("pytorch/cpu/" + classifier.get() + "/"));
            }
        }
    }

    @Test
    void theJniTokenizersAndOnnxRuntimeJarsHoldALibraryExactlyWhereTheTableSays() throws IOException {
        List<String> jni = entriesOfJarWith("jnilib/pytorch.properties");
        List<String> tokenizers = entriesOfJarWith("native/lib/tokenizers.properties");
        List<String> onnxRuntime = entriesOfJarWith("ai/onnxruntime/OrtEnvironment.class");
        for (NativePlatform platform : NativePlatform.values()) {
            String classifier = platform.classifier();
            assertThat(jni.stream().anyMatch(name -> name.startsWith("jnilib/" + classifier + "/cpu/")
                    && name.contains("djl_torch"))).as("PyTorch JNI for %s", platform)
                    .isEqualTo(platform.supports(Engine.PYTORCH));
            assertThat(tokenizers.stream().anyMatch(name -> name.startsWith("native/lib/" + classifier + "/cpu/")
                    && name.contains("tokenizers"))).as("tokenizers for %s", platform)
                    .isEqualTo(platform.hasTokenizers());
            String onnxName = classifier.replace("x86_64", "x64");
            assertThat(onnxRuntime.stream().anyMatch(name -> name.startsWith("ai/onnxruntime/native/" + onnxName + "/")
                    && name.contains("onnxruntime4j_jni"))).as("ONNX Runtime for %s", platform)
                    .isEqualTo(platform.supports(Engine.ONNX_RUNTIME));
        }
    }

    @Test
    void thisMachineRunsTheBundledModelsEnginesAndSaysWhichLibrary() {
        NativePlatform here = NativePlatform.current().orElseThrow();
        assertThat(NativePlatform.bundledPytorch()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("PyTorch " + PYTORCH_VERSION).endsWith(" cpu " + here.classifier()));
        assertThat(NativePlatform.nativeLibrariesLine()).startsWith("PyTorch " + PYTORCH_VERSION)
                .contains(here.classifier()).contains("ONNX Runtime").doesNotContain("no ");
        NativePlatform.requireCanRun(Engine.PYTORCH, TokenizerKind.HUGGINGFACE);
    }

    @Test
    void macOnIntelRunsOnlyRawTextOnnxModelsAndSaysSoPlainly() {
        NativePlatform mac = NativePlatform.MAC_X86_64;
        assertThat(mac.canRun(Engine.PYTORCH, TokenizerKind.HUGGINGFACE)).isFalse();
        assertThat(mac.canRun(Engine.ONNX_RUNTIME, TokenizerKind.HUGGINGFACE)).isFalse();
        assertThat(mac.canRun(Engine.ONNX_RUNTIME, TokenizerKind.NONE)).isTrue();
        String osName = System.getProperty("os.name");
        String osArch = System.getProperty("os.arch");
        try {
            System.setProperty("os.name", "Mac OS X");
            System.setProperty("os.arch", "x86_64");
            assertThatThrownBy(() -> NativePlatform.requireCanRun(Engine.PYTORCH, TokenizerKind.HUGGINGFACE))
                    .isInstanceOf(ModelException.class)
                    .hasMessage("local prediction with PyTorch models (such as the bundled model) is not available on"
                            + " macOS on Intel (osx-x86_64): there is no native library for it. ONNX models that take"
                            + " raw text (engine=OnnxRuntime, tokenizer=none) still run here; everything else in"
                            + " Lab Console works as usual.");
            NativePlatform.requireCanRun(Engine.ONNX_RUNTIME, TokenizerKind.NONE);
        } finally {
            System.setProperty("os.name", osName);
            System.setProperty("os.arch", osArch);
        }
    }

    private static Map<String, Element> platformProfiles() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("..", "pom.xml").toFile());
        NodeList nodes = pom.getElementsByTagName("profile");
        Map<String, Element> profiles = new HashMap<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element profile = (Element) nodes.item(i);
            String id = text(profile, "id").orElse("");
            if (id.startsWith("platform-")) {
                profiles.put(id, profile);
            }
        }
        return profiles;
    }

    private static Optional<String> text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? Optional.empty() : Optional.of(found.item(0).getTextContent().trim());
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <local repository>/ai/djl/pytorch} from the pytorch-engine jar's place in it. */
    private static Path localRepositoryFolder(Class<?> engineClass) {
        Path jar = jarOf(engineClass);
        assertThat(jar).as("the engine comes from the local repository").isRegularFile();
        return jar.getParent().getParent().getParent();
    }

    /** The entries of the jar on this class path that holds {@code resource}. */
    private static List<String> entriesOfJarWith(String resource) throws IOException {
        URL url = NativePlatformTest.class.getClassLoader().getResource(resource);
        assertThat(url).as("%s on the class path", resource).isNotNull();
        String jarUrl = url.toString();
        assertThat(jarUrl).startsWith("jar:file:");
        Path jar;
        try {
            jar = Path.of(new URI(jarUrl.substring(4, jarUrl.indexOf("!/"))));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }
}
