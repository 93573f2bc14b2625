package dev.labconsole.lab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state files: {@code <home>/labs/<lab>.json}, home being {@code LABCONSOLE_HOME} or
 * {@code ~/.labconsole}. Every save writes a temporary file beside the target (mode 0600) and moves it
 * over the old one atomically, so a run killed at any moment leaves either the old or the new file,
 * never half of one.
 */
public final class LabStateStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;

    public LabStateStore(Path home) {
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

    /** The saved state of {@code lab}, or empty when there is none. */
    public Optional<LabState> load(String lab) {
        Path file = file(lab);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Saved saved = JSON.readValue(file.toFile(), Saved.class);
            LabState state = new LabState(lab);
            // Files from before origins were recorded hold what apply made: those ids count as created.
            Map<ResourceKey, String> ids = saved.ids() == null ? Map.of() : saved.ids();
            Map<ResourceKey, LabState.Origin> origins = new java.util.EnumMap<>(ResourceKey.class);
            ids.keySet().forEach(key -> origins.put(key, LabState.Origin.CREATED));
            if (saved.origins() != null) {
                origins.putAll(saved.origins());
            }
            state.restore(ids, saved.steps() == null ? Map.of() : saved.steps(), origins, saved.where());
            return Optional.of(state);
        } catch (IOException e) {
            throw new UncheckedIOException("the state file " + file + " cannot be read (" + e.getMessage()
                    + "); move it away and run 'destroy' or 'check', which find the lab's resources by tag", e);
        }
    }

    /** The saved state, or a new empty one that saves itself here on every change. */
    public LabState open(String lab) {
        LabState state = load(lab).orElseGet(() -> new LabState(lab));
        state.onChange(() -> save(state));
        return state;
    }

    /** Writes {@code state} atomically with owner-only permissions. */
    public synchronized void save(LabState state) {
        Path target = file(state.lab());
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, "." + state.lab() + "-", ".tmp");
            try {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                }
                JSON.writeValue(temp.toFile(), new Saved(state.lab(), state.where().orElse(null),
                        new TreeMap<>(state.ids()), new TreeMap<>(state.origins()), new TreeMap<>(state.steps())));
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state file " + target + ": " + e.getMessage(), e);
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
