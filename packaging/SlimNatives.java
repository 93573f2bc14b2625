import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the multi-platform native jars in an installer's input folder (ONNX Runtime, DJL's tokenizers and
 * PyTorch JNI) keeping only the libraries of the installer's platform and of linux-x86_64 (the server image's,
 * which the image builder takes from these same jars), and no debug symbols (.pdb, .dSYM) or CUDA builds.
 * ONNX Runtime's jar alone goes from 137 MB to about 25 MB.
 *
 * <p>Run by packaging/package.sh with the JDK's source launcher: {@code java SlimNatives.java <classifier> <jar>...},
 * classifier as in DJL ({@code osx-aarch64}). Prints each jar's size before and after.
 */
public final class SlimNatives {

    private static final List<String> PLATFORMS = List.of("linux-x86_64", "linux-aarch64", "osx-x86_64", "osx-aarch64",
            "win-x86_64");
    private static final Pattern CUDA_FLAVOR = Pattern.compile("(^|/)cu\\d+/");

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java SlimNatives.java <platform classifier> <jar>...");
            System.exit(2);
        }
        Set<String> keep = new HashSet<>(List.of(args[0], "linux-x86_64", onnxName(args[0]), onnxName("linux-x86_64")));
        for (int i = 1; i < args.length; i++) {
            slim(Path.of(args[i]), keep);
        }
    }

    /** ONNX Runtime names its folders with x64 where DJL says x86_64. */
    private static String onnxName(String classifier) {
        return classifier.replace("x86_64", "x64");
    }

    private static boolean dropped(String name, Set<String> keep) {
        if (name.endsWith(".pdb") || name.contains(".dSYM/") || CUDA_FLAVOR.matcher(name).find()) {
            return true;
        }
        for (String segment : name.split("/")) {
            boolean platform = PLATFORMS.contains(segment) || PLATFORMS.stream().map(SlimNatives::onnxName).anyMatch(segment::equals);
            if (platform && !keep.contains(segment)) {
                return true;
            }
        }
        return false;
    }

    private static void slim(Path jar, Set<String> keep) throws IOException {
        long before = Files.size(jar);
        Path slimmed = jar.resolveSibling(jar.getFileName() + ".slim");
        try (ZipFile in = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(slimmed);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (dropped(entry.getName(), keep)) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(slimmed, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("  %-40s %6.1f MB -> %6.1f MB%n", jar.getFileName(), before / 1e6, Files.size(jar) / 1e6);
    }
}
