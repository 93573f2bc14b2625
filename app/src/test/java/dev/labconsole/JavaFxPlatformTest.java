package dev.labconsole;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.runtime.model.NativePlatform;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The JavaFX half of the platform table: OpenJFX's own poms choose the {@code javafx.platform} classifier from the
 * building machine, and this checks that choice against {@link NativePlatform#javafxClassifier()}, on this machine's
 * class path and for every platform in OpenJFX's parent pom.
 */
class JavaFxPlatformTest {

    @Test
    void theJavaFxJarsOnThisClassPathAreThisPlatformsOnes() throws URISyntaxException {
        NativePlatform here = NativePlatform.current().orElseThrow();
        assertThat(graphicsJar().getFileName().toString()).endsWith("-" + here.javafxClassifier() + ".jar");
    }

    @Test
    void openJfxSelectsTheTablesClassifierOnEveryPlatform() throws Exception {
        // <repository>/org/openjfx/javafx-graphics/<version>/javafx-graphics-<version>-<classifier>.jar
        Path version = graphicsJar().getParent();
        Path parentPom = version.getParent().getParent().resolve("javafx").resolve(version.getFileName())
                .resolve("javafx-" + version.getFileName() + ".pom");
        NodeList profiles = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(parentPom.toFile())
                .getElementsByTagName("profile");
        Map<NativePlatform, String> selected = new HashMap<>();
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            NodeList os = profile.getElementsByTagName("os");
            NodeList platform = profile.getElementsByTagName("javafx.platform");
            if (os.getLength() == 0 || platform.getLength() == 0 || text(profile, "id").endsWith(".monocle")) {
                continue;
            }
            Element osElement = (Element) os.item(0);
            String name = text(osElement, "name");
            if (name.isEmpty()) {
                name = "windows".equals(text(osElement, "family")) ? "Windows 11" : text(osElement, "family");
            }
            String classifier = platform.item(0).getTextContent().trim();
            NativePlatform.of(name, text(osElement, "arch")).ifPresent(match -> selected.put(match, classifier));
        }
        for (NativePlatform platform : NativePlatform.values()) {
            assertThat(selected.get(platform)).as("OpenJFX's classifier on %s", platform)
                    .isEqualTo(platform.javafxClassifier());
        }
    }

    private static Path graphicsJar() throws URISyntaxException {
        return Path.of(javafx.scene.Node.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
    }
}
