package dev.labconsole.cli;

import dev.labconsole.runtime.model.NativePlatform;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version the build wrote into {@code labconsole-version.properties}, and for {@code --version} where this
 * copy runs: the platform, the native libraries that run models here, and how it was started (the checkout's
 * {@code ./labconsole} launcher or an installed package).
 */
public final class Version implements CommandLine.IVersionProvider {

    /** The project's version, e.g. {@code 0.1.0}. */
    public static String current() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/labconsole-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    /** Set by the installers' launcher ({@code packaging/package.sh}) to the installed application's folder. */
    public static final String INSTALLED_PROPERTY = "labconsole.installed";

    @Override
    public String[] getVersion() {
        return new String[] {
            "labconsole " + current(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("java.home") + ")",
            "Platform: " + NativePlatform.currentDisplayName(),
            "Native libraries: " + NativePlatform.nativeLibrariesLine(),
            "Started by: " + startedBy()
        };
    }

    private static String startedBy() {
        String installed = System.getProperty(INSTALLED_PROPERTY);
        if (installed != null && !installed.isBlank()) {
            return "the installed package in " + installed;
        }
        String launcher = System.getProperty("labconsole.launcher");
        return launcher != null ? launcher + " (source checkout)" : "java -cp ... dev.labconsole.Launcher";
    }
}
