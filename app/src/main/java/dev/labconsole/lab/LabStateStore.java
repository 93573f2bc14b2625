package dev.labconsole.lab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.labconsole.runtime.model.FileProblems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state files: {@code <home>/labs/<lab>.json}, home being {@code LABCONSOLE_HOME} or
 * {@code ~/.labconsole}, both folders owner-only (0700). Every save writes a temporary file beside the
 * target (mode 0600), forces it to disk and moves it over the old one atomically, so a run killed at any
 * moment, or a machine losing power, leaves either the old or the new file, never half of one; the
 * temporary file a killed run leaves behind is removed when the store is next opened.
 */
public final class LabStateStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final Logger LOG = LoggerFactory.getLogger(LabStateStore.class);
    private static final String TEMP_SUFFIX = ".tmp";
    // What Files.createTempFile(directory, "." + lab + "-", ".tmp") names: a lab name, a hyphen, digits.
    private static final Pattern TEMP_NAME = Pattern.compile("\\.[a-z][a-z0-9-]*-\\d+\\.tmp");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path home;
    private final Path directory;

    public LabStateStore(Path home) {
        this.home = home;
        this.directory = home.resolve("labs");
    }

    /** The store under {@link #home()}. */
    public static LabStateStore fromEnvironment() {
        return new LabStateStore(home());
    }

    /** Lab Console's own folder: {@code LABCONSOLE_HOME}, or {@code ~/.labconsole}. */
    public static Path home() {
        return dev.labconsole.runtime.model.DjlSettings.labConsoleHome();
    }

    public Path file(String lab) {
        return directory.resolve(lab + ".json");
    }

    /**
     * The saved state of {@code lab}, or empty when there is none.
     *
     * @throws LabStateException when the file is there but cannot be used (damaged, empty, another lab's)
     */
    public Optional<LabState> load(String lab) {
        Path file = file(lab);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Saved saved = read(file);
        if (saved.lab() != null && !saved.lab().equals(lab)) {
            throw new LabStateException(file, "it belongs to lab '" + saved.lab() + "', not '" + lab + "'", null);
        }
        return Optional.of(state(lab, saved));
    }

    private static LabState state(String lab, Saved saved) {
        LabState state = new LabState(lab);
        // Files from before origins were recorded hold what apply made: those ids count as created.
        Map<ResourceKey, String> ids = saved.ids() == null ? Map.of() : saved.ids();
        Map<ResourceKey, LabState.Origin> origins = new java.util.EnumMap<>(ResourceKey.class);
        ids.keySet().forEach(key -> origins.put(key, LabState.Origin.CREATED));
        if (saved.origins() != null) {
            origins.putAll(saved.origins());
        }
        state.restore(ids, saved.steps() == null ? Map.of() : saved.steps(), origins, saved.where());
        return state;
    }

    // The reasons in the user's words; Jackson's own text (types, reference chains) says nothing to them.
    private static Saved read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new LabStateException(file, "it is a folder", null);
            }
            if (Files.size(file) == 0) {
                throw new LabStateException(file, "it is empty (a run was probably stopped while writing it)", null);
            }
            Saved saved = JSON.readValue(file.toFile(), Saved.class);
            if (saved == null) {
                throw new LabStateException(file, "it holds no lab", null);
            }
            return saved;
        } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
            throw new LabStateException(file, "it ends too early (it was cut short)", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new LabStateException(file, "it is not a state file Lab Console wrote (damaged or edited"
                    + where + ")", e);
        } catch (IOException e) {
            throw new LabStateException(file, FileProblems.why(e), e);
        }
    }

    /**
     * The saved state, or a new empty one that saves itself here on every change. Temporary files a
     * killed run left behind are removed first.
     */
    public LabState open(String lab) {
        removeStaleTemporaryFiles();
        LabState state = load(lab).orElseGet(() -> new LabState(lab));
        state.onChange(() -> save(state));
        return state;
    }

    /**
     * Writes {@code state} so that it survives a crash or power loss at any moment: into a temporary
     * file beside the target (mode 0600), forced to disk, renamed over the target atomically, then the
     * folder forced too so the rename itself is on disk.
     */
    public synchronized void save(LabState state) {
        write(state, file(state.lab()));
    }

    /**
     * Where the state of {@code lab} recorded against {@code where} waits while the lab is used in another
     * account, region or endpoint: {@code labs/elsewhere/<lab>@<account>_<region>[_<endpoint>].json}.
     */
    public Path elsewhereFile(String lab, LabState.Where where) {
        String key = where.account() + "_" + where.region() + (where.endpoint() == null ? "" : "_" + where.endpoint());
        return directory.resolve("elsewhere").resolve(lab + "@" + key.replaceAll("[^A-Za-z0-9.-]", "_") + ".json");
    }

    /**
     * Keeps {@code state} (recorded against another account, region or endpoint than the one now connected)
     * aside, durably, so connecting there again finds it: nothing the student built is forgotten because
     * they connected somewhere else once.
     */
    public synchronized Path keepElsewhere(LabState state) {
        Path target = elsewhereFile(state.lab(), state.where().orElseThrow());
        write(state, target);
        return target;
    }

    /** The state of {@code lab} kept aside for {@code where}; empty when none was kept. Changes nothing. */
    public synchronized Optional<LabState> keptFor(String lab, LabState.Where where) {
        Path kept = elsewhereFile(lab, where);
        if (!Files.exists(kept)) {
            return Optional.empty();
        }
        return Optional.of(state(lab, read(kept)));
    }

    /** Removes the state kept aside for {@code where}, once the lab's own file holds it again. */
    public synchronized void forgetKept(String lab, LabState.Where where) {
        Path kept = elsewhereFile(lab, where);
        try {
            Files.deleteIfExists(kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + kept + ": " + FileProblems.why(e), e);
        }
    }

    private void write(LabState state, Path target) {
        Path folder = target.getParent();
        try {
            createPrivateFolders();
            createPrivate(folder);
            Path temp = Files.createTempFile(folder, "." + state.lab() + "-", TEMP_SUFFIX);
            try {
                if (POSIX) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                }
                byte[] bytes = JSON.writeValueAsBytes(new Saved(state.lab(), state.where().orElse(null),
                        new TreeMap<>(state.ids()), new TreeMap<>(state.origins()), new TreeMap<>(state.steps())));
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                forceFolder(folder);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state file " + target + ": " + FileProblems.why(e)
                    + "; free some space or make " + folder + " writable, then run the command again", e);
        }
    }

    /**
     * Creates the console's home and its {@code labs} folder owner-only (0700) when they are missing, and
     * narrows {@code labs} to 0700 when an older version made it wider: state files name the account's
     * resources. On file systems without POSIX permissions (Windows) the folders are created as they come.
     */
    public void createPrivateFolders() throws IOException {
        createPrivate(home);
        createPrivate(directory);
        if (POSIX && !Files.getPosixFilePermissions(directory).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(directory, OWNER_ONLY);
        }
    }

    /** Creates {@code folder} (and missing parents) owner-only where the file system has POSIX permissions. */
    public static void createPrivate(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            // The umask may have taken bits away; it never adds any, but say exactly what is meant.
            Files.setPosixFilePermissions(folder, OWNER_ONLY);
        } else {
            Files.createDirectories(folder);
        }
    }

    /**
     * Deletes temporary files a killed run left in the state folder: only names this store makes
     * ({@code .<lab>-<digits>.tmp}) and only files last changed before this process started, so a save
     * in flight in another running process is never touched.
     */
    void removeStaleTemporaryFiles() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory,
                path -> TEMP_NAME.matcher(path.getFileName().toString()).matches())) {
            for (Path temp : temps) {
                try {
                    if (Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(temp).toInstant().isBefore(started)) {
                        Files.deleteIfExists(temp);
                        LOG.info("removed {}, left by a run that was stopped while saving", temp);
                    }
                } catch (IOException e) {
                    LOG.debug("could not remove the stale temporary file {}", temp, e);
                }
            }
        } catch (IOException e) {
            LOG.debug("could not list {} for stale temporary files", directory, e);
        }
    }

    // A rename is on disk only once its folder is: fsync the folder too (not possible on Windows).
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot force the folder {} to disk on this platform", folder, e);
        }
    }

    /** Deletes the state file (after a clean teardown). */
    public void delete(String lab) {
        try {
            Files.deleteIfExists(file(lab));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's shape. */
    record Saved(String lab, LabState.Where where, Map<ResourceKey, String> ids, Map<ResourceKey, LabState.Origin> origins,
            Map<StepId, StepRecord> steps) {
    }
}
