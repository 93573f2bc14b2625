package dev.labconsole.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profile names in {@code ~/.aws/credentials} and {@code ~/.aws/config}, read without the SDK so
 * the window can offer them before anything connects. Only section names are read: secrets stay in
 * the files.
 */
public final class AwsProfiles {

    // "[default]" and "[name]" in credentials, "[profile name]" in config; "[sso-session x]" is not a profile.
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(profile\\s+)?([^\\]\\s]+)\\s*]\\s*$");

    private AwsProfiles() {
    }

    /**
     * The profiles under {@code ~/.aws}, found where the SDK looks: the {@code aws.sharedCredentialsFile}
     * and {@code aws.configFile} system properties, else AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE.
     */
    public static List<String> fromEnvironment() {
        Path home = Path.of(System.getProperty("user.home"), ".aws");
        String credentials = System.getProperty("aws.sharedCredentialsFile", System.getenv("AWS_SHARED_CREDENTIALS_FILE"));
        String config = System.getProperty("aws.configFile", System.getenv("AWS_CONFIG_FILE"));
        return read(credentials != null ? Path.of(credentials) : home.resolve("credentials"),
                config != null ? Path.of(config) : home.resolve("config"));
    }

    /**
     * What is wrong with {@code --profile name}, or null when the files name it (or no profile was
     * given): a profile the files do not hold would fail only at the first AWS call.
     */
    public static String problem(String name) {
        if (name == null) {
            return null;
        }
        List<String> known = fromEnvironment();
        if (known.contains(name)) {
            return null;
        }
        return "--profile '" + name + "' is not in ~/.aws/credentials or ~/.aws/config" + (known.isEmpty()
                ? ": there are no profiles; run 'aws configure --profile " + name + "' or leave --profile out"
                : " (profiles there: " + String.join(", ", known) + "); give one of those or leave --profile out");
    }

    /** The sorted profile names in the two files; a missing or unreadable file has none. */
    public static List<String> read(Path credentialsFile, Path configFile) {
        Set<String> names = new TreeSet<>();
        names.addAll(sections(credentialsFile, false));
        names.addAll(sections(configFile, true));
        return List.copyOf(names);
    }

    /** The profile names in one file's text; in a config file only "default" and "profile x" count. */
    static Set<String> parse(String text, boolean configFile) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\\R")) {
            Matcher m = SECTION.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(2);
            boolean prefixed = m.group(1) != null;
            if (!configFile || prefixed || name.equals("default")) {
                names.add(name);
            }
        }
        return names;
    }

    private static Set<String> sections(Path file, boolean configFile) {
        try {
            return Files.isReadable(file) ? parse(Files.readString(file), configFile) : Set.of();
        } catch (IOException e) {
            return Set.of();
        }
    }
}
