package dev.shoal.store.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A scan killed with SIGKILL leaves an index that opens cleanly, and a rescan completes the work. */
class ScanCrashIT {
    private static final int FILES = 8000;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killedScanLeavesAConsistentIndexThatARescanCompletes() throws Exception {
        Path root = tmp.resolve("folder");
        Random random = new Random(99);
        for (int i = 0; i < FILES; i++) {
            byte[] data = new byte[8192 + random.nextInt(48 * 1024)];
            random.nextBytes(data);
            Path file = root.resolve("d" + (i % 80)).resolve("f" + i + ".bin");
            Files.createDirectories(file.getParent());
            Files.write(file, data);
        }
        Path db = tmp.resolve("index.db");

        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        db.toString(),
                        root.toString())
                .inheritIO()
                .start();
        long committed = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (committed == 0 && child.isAlive() && System.nanoTime() < deadline) {
            committed = committedRecords(db);
            if (committed == 0) {
                child.waitFor(5, TimeUnit.MILLISECONDS);
            }
        }
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("the child was killed, not finished").isEqualTo(137);

        try (Index index = Index.open(db)) {
            assertThat(index.integrityOk()).isTrue();
            Folder folder = index.folder("f").orElseThrow();
            int before = (int) index.localFiles(folder).values().stream()
                    .filter(r -> !r.deleted())
                    .count();
            assertThat(before).isLessThan(FILES + 80);

            ForkJoinPool pool = new ForkJoinPool(2);
            try {
                ScanResult rescan = new Scanner(index, new ChunkHasher(), pool, 1).scan(folder);
                assertThat(rescan.errors()).isEmpty();
                // Only what the killed scan had not committed is hashed again.
                assertThat(rescan.hashed()).isLessThan(FILES);
            } finally {
                pool.shutdownNow();
            }
            Map<String, FileRecord> records = index.localFiles(folder);
            assertThat(records.values().stream().filter(r -> !r.deleted()).count())
                    .isEqualTo(FILES + 80);
            ChunkHasher hasher = new ChunkHasher();
            for (int i = 0; i < FILES; i += 97) {
                String name = "d" + (i % 80) + "/f" + i + ".bin";
                assertThat(records.get(name).manifest()).isEqualTo(hasher.hash(root.resolve(name)));
            }
        }
    }

    private static long committedRecords(Path db) {
        if (!Files.exists(db)) {
            return 0;
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 1000");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM files")) {
                return rs.getLong(1);
            }
        } catch (Exception notReadyYet) {
            return 0;
        }
    }

    /** The process that gets killed: scans the folder single-threaded so the kill lands mid-scan. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            try (Index index = Index.open(Path.of(args[0]))) {
                Folder folder = index.addFolder("f", Path.of(args[1]));
                ForkJoinPool pool = new ForkJoinPool(1);
                new Scanner(index, new ChunkHasher(), pool, 1).scan(folder);
                pool.shutdown();
            }
        }
    }
}
