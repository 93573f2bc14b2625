package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabStateStoreTest {

    @TempDir
    Path home;

    @Test
    void everyChangeIsSavedAndReadBack() {
        LabStateStore store = new LabStateStore(home);
        LabState state = store.open("lab-a");
        state.put(ResourceKey.VPC, "vpc-123");
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        state.record(StepId.VPC, new StepRecord("DONE", start, start.plusSeconds(2), null));

        LabState again = store.load("lab-a").orElseThrow();
        assertThat(again.get(ResourceKey.VPC)).contains("vpc-123");
        assertThat(again.done(StepId.VPC)).isTrue();
        assertThat(again.elapsed(StepId.VPC)).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(2));
    }

    @Test
    void theFileIsOwnerOnlyAndNoTemporaryFileStaysBehind() throws Exception {
        LabStateStore store = new LabStateStore(home);
        LabState state = store.open("lab-b");
        for (int i = 0; i < 20; i++) {
            state.put(ResourceKey.NAT_GATEWAY, "nat-" + i);
        }
        Path file = store.file("lab-b");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("lab-b.json");
        }
        assertThat(Files.readString(file)).contains("nat-19").doesNotContainIgnoringCase("secret")
                .doesNotContainIgnoringCase("token");
    }

    @Test
    void aCorruptFileGivesAClearMessageInsteadOfLosingIt() throws Exception {
        LabStateStore store = new LabStateStore(home);
        Files.createDirectories(store.file("lab-c").getParent());
        Files.writeString(store.file("lab-c"), "{ half a fi");
        assertThatThrownBy(() -> store.load("lab-c")).hasMessageContaining("cannot be read")
                .hasMessageContaining("by tag");
        assertThat(Files.readString(store.file("lab-c"))).isEqualTo("{ half a fi");
    }

    @Test
    void concurrentWritersNeverLeaveAHalfWrittenFile() throws Exception {
        LabStateStore store = new LabStateStore(home);
        LabState state = store.open("lab-d");
        Thread[] writers = new Thread[4];
        for (int w = 0; w < writers.length; w++) {
            ResourceKey key = ResourceKey.values()[w];
            writers[w] = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    state.put(key, "id-" + i);
                }
            });
            writers[w].start();
        }
        for (Thread t : writers) {
            t.join();
        }
        LabState read = store.load("lab-d").orElseThrow();
        for (int w = 0; w < writers.length; w++) {
            assertThat(read.get(ResourceKey.values()[w])).contains("id-49");
        }
    }

    @Test
    void aDamagedStateFileIsExplainedInTheStudentsWordsAndKept() throws Exception {
        LabStateStore store = new LabStateStore(home);
        Files.createDirectories(store.file("lab-e").getParent());
        Files.writeString(store.file("lab-e"), "{\"lab\": \"lab-e\", \"ids\": {\"VPC\": [1, 2]}}");
        assertThatThrownBy(() -> store.load("lab-e")).isInstanceOf(LabStateException.class)
                .hasMessageContaining("is not a state file Lab Console wrote").hasMessageContaining("move it away")
                .hasMessageNotContaining("reference chain").hasMessageNotContaining("java.");
        Files.writeString(store.file("lab-e"), "");
        assertThatThrownBy(() -> store.load("lab-e")).hasMessageContaining("it is empty");
        Files.writeString(store.file("lab-e"), "{\"lab\": \"lab-f\"}");
        assertThatThrownBy(() -> store.load("lab-e")).hasMessageContaining("belongs to lab 'lab-f'");
        assertThat(Files.readString(store.file("lab-e"))).isEqualTo("{\"lab\": \"lab-f\"}");
    }

    @Test
    void theHomeAndItsLabsFolderAreCreatedOwnerOnly() throws Exception {
        Path fresh = home.resolve("fresh-home");
        LabStateStore store = new LabStateStore(fresh);
        store.open("lab-g").put(ResourceKey.VPC, "vpc-1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("labs"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aLabsFolderAnOlderVersionMadeWorldReadableIsNarrowed() throws Exception {
        Path labs = Files.createDirectories(home.resolve("labs"));
        Files.setPosixFilePermissions(labs, PosixFilePermissions.fromString("rwxr-xr-x"));
        new LabStateStore(home).open("lab-h").put(ResourceKey.VPC, "vpc-1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(labs))).isEqualTo("rwx------");
    }

    @Test
    void aStaleTemporaryFileIsRemovedOnOpenButNotOneInFlightNorSomeoneElses() throws Exception {
        LabStateStore store = new LabStateStore(home);
        Path labs = Files.createDirectories(home.resolve("labs"));
        Instant beforeThisProcess = ProcessHandle.current().info().startInstant().orElseThrow().minusSeconds(60);
        Path stale = Files.createFile(labs.resolve(".lab-i-4183517651234.tmp"));
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(beforeThisProcess));
        // Written after this process started: another process may be saving right now.
        Path inFlight = Files.createFile(labs.resolve(".lab-i-99887766.tmp"));
        Path notOurs = Files.createFile(labs.resolve("notes.tmp"));
        Files.setLastModifiedTime(notOurs, java.nio.file.attribute.FileTime.from(beforeThisProcess));

        store.open("lab-i");

        assertThat(stale).doesNotExist();
        assertThat(inFlight).exists();
        assertThat(notOurs).exists();
    }
}
