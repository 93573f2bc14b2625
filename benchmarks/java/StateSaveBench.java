import dev.labconsole.lab.*;
import java.nio.file.*;

/**
 * The cost of a state save that survives a crash (temporary file, fsync, atomic rename, folder fsync)
 * against the rename-only save it replaced, in the same run: benchmarks/state-save.sh.
 */
public class StateSaveBench {
    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory(Path.of(args[0]), "bench");
        LabStateStore store = new LabStateStore(home);
        LabState state = store.open("bench-lab");
        int n = 200;
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) state.put(ResourceKey.VPC, "vpc-" + i);
            double durable = (System.nanoTime() - t) / 1e6 / n;
            // Baseline: the earlier save (temporary file, atomic rename, no fsync) of the same bytes.
            byte[] bytes = Files.readAllBytes(store.file("bench-lab"));
            Path dir = store.file("bench-lab").getParent();
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Path temp = Files.createTempFile(dir, ".bench-lab-", ".tmp");
                Files.write(temp, bytes);
                Files.move(temp, dir.resolve("baseline.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            double plain = (System.nanoTime() - t) / 1e6 / n;
            System.out.printf("round %d: durable save %.2f ms, rename-only baseline %.3f ms, ratio %.0fx%n", round, durable, plain, durable / plain);
        }
        try (var walk = Files.walk(home)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
