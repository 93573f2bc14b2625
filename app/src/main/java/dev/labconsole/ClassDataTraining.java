package dev.labconsole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads and links the classes the window starts with, without opening it, then exits. Run under
 * {@code -XX:ArchiveClassesAtExit=FILE}, it leaves a class-data sharing archive; the launcher starts the
 * window with {@code -XX:SharedArchiveFile=FILE}, which skips reading, parsing and verifying those
 * classes (see {@code benchmarks/startup.sh}).
 *
 * <p>Why whole jars rather than the window itself: the archive is made right after a build, where there
 * may be no display to open a window on. The jars are those the window's first frame needs: JavaFX's
 * base, graphics and controls, the theme, the icons, logging, and this application. Java 17 archives
 * only linked classes, and asking for a class's methods links it without running its static
 * initialisers, which could need the toolkit.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    public static void main(String[] args) {
        // One class from each jar the window's start-up reads from; naming a class loads it but runs nothing.
        Class<?>[] oneFromEachJar = {
            javafx.beans.Observable.class,
            javafx.scene.Node.class,
            javafx.scene.control.Control.class,
            atlantafx.base.theme.Theme.class,
            org.kordamp.ikonli.Ikon.class,
            org.kordamp.ikonli.javafx.FontIcon.class,
            org.kordamp.ikonli.material2.Material2OutlinedAL.class,
            org.slf4j.Logger.class,
            ch.qos.logback.core.Appender.class,
            ch.qos.logback.classic.Logger.class,
            dev.labconsole.runtime.model.TextClassifier.class,
            ClassDataTraining.class,
        };
        Set<Path> jars = new LinkedHashSet<>();
        for (Class<?> anchor : oneFromEachJar) {
            jars.add(jarOf(anchor));
        }
        ClassLoader loader = ClassDataTraining.class.getClassLoader();
        for (Path jar : jars) {
            loadAndLink(jar, loader);
        }
        // Logging's start-up (its configuration is XML) runs as the window's does.
        org.slf4j.LoggerFactory.getLogger(ClassDataTraining.class).debug("classes loaded for the archive");
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + type.getName(), e);
        }
    }

    private static void loadAndLink(Path jar, ClassLoader loader) {
        if (!jar.toString().endsWith(".jar")) {
            // Running from target/classes (an IDE): there is no archive to make from a folder.
            return;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(className, false, loader).getDeclaredMethods();
                } catch (LinkageError | ClassNotFoundException | SecurityException optionalDependencyMissing) {
                    // A class needing a library the application does not ship is one the window never uses.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }
}
