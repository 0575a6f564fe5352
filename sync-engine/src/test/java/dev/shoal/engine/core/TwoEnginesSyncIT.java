package dev.shoal.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.api.EngineSettings;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.api.FolderState;
import dev.shoal.engine.api.FolderType;
import dev.shoal.engine.api.SyncEngine;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.testing.Await;
import dev.shoal.engine.testing.MemoryLink;
import dev.shoal.store.index.Index;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two complete engines, each with its own device ID, SQLite index and folder, joined by an in-memory session: the
 * engine's sync logic end to end, without a network (the daemon ITs run the same over QUIC).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TwoEnginesSyncIT {
    @TempDir
    Path tmp;

    final class Device implements AutoCloseable {
        final DeviceId id;
        final String name;
        final Path folder;
        final Index index;
        final ForkJoinPool pool = new ForkJoinPool(2);
        SyncEngine engine;
        volatile PeerConnection incoming;
        private PeerConnection link;

        Device(String name) throws IOException {
            byte[] hash = new byte[DeviceId.HASH_LENGTH];
            new Random(name.hashCode()).nextBytes(hash);
            this.id = DeviceId.ofHash(hash);
            this.name = name;
            folder = Files.createDirectories(tmp.resolve(name + "-folder"));
            index = Index.open(tmp.resolve(name + "-home/index.db"));
        }

        EngineSettings settings = EngineSettings.DEFAULT;

        void start(DeviceId peer) {
            engine =
                    SyncEngine.create(id, index, List.of(new FolderSpec("docs", folder, Set.of(peer))), pool, settings);
            engine.start();
        }

        @Override
        public void close() {
            if (link != null) {
                link.close("test over");
            }
            engine.close();
            index.close();
            pool.shutdownNow();
        }
    }

    /** Starts both engines and joins them: a dialled b, so b's engine gets the incoming end. */
    static void startAndConnect(Device a, Device b) {
        a.start(b.id);
        b.start(a.id);
        MemoryLink link = MemoryLink.between(a.id, a.name, b.id, b.name);
        a.link = link.atA();
        b.link = link.atB();
        b.incoming = link.atB();
        a.engine.connected(link.atA());
        b.engine.connected(link.atB());
    }

    static void await(BooleanSupplier condition, String what) {
        Await.until(what, java.time.Duration.ofSeconds(90), condition);
    }

    /** Relative name -> SHA-256 of every file ("dir" for directories), ignoring Shoal's own files. */
    static TreeMap<String, String> tree(Path root) {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty()
                        || rel.startsWith(".shoal")
                        || p.getFileName().toString().endsWith(".shoal-tmp")) {
                    continue;
                }
                out.put(
                        rel,
                        Files.isDirectory(p)
                                ? "dir"
                                : HexFormat.of()
                                        .formatHex(MessageDigest.getInstance("SHA-256")
                                                .digest(Files.readAllBytes(p))));
            }
        } catch (Exception e) {
            return new TreeMap<>(java.util.Map.of("error", String.valueOf(e)));
        }
        return out;
    }

    static void write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, data);
    }

    static byte[] random(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aMixedTreeSyncsAndLaterChangesOnEitherSidePropagate() throws Exception {
        try (Device a = new Device("a");
                Device b = new Device("b")) {
            write(a.folder.resolve("big/video.bin"), random(1, 12 << 20));
            for (int i = 0; i < 300; i++) {
                write(a.folder.resolve("small/d" + (i % 10) + "/f" + i + ".txt"), random(100 + i, 1 + (i * 97) % 9000));
            }
            write(a.folder.resolve("empty.txt"), new byte[0]);
            Files.createDirectories(a.folder.resolve("empty-dir/nested"));
            write(a.folder.resolve("Ünïcödé/日本語 ファイル.txt"), random(7, 3000));

            startAndConnect(a, b);

            TreeMap<String, String> expected = tree(a.folder);
            await(() -> tree(b.folder).equals(expected), "b has a's tree");
            assertThat(expected).containsKeys("empty.txt", "empty-dir/nested", "Ünïcödé/日本語 ファイル.txt");

            // Edits on b: change, append, delete, rename, new directory.
            write(b.folder.resolve("small/d1/f1.txt"), random(9, 5000));
            Files.write(b.folder.resolve("big/video.bin"), random(10, 1000), java.nio.file.StandardOpenOption.APPEND);
            Files.delete(b.folder.resolve("small/d2/f2.txt"));
            Files.move(b.folder.resolve("small/d3/f3.txt"), b.folder.resolve("small/d3/renamed.txt"));
            write(b.folder.resolve("new-dir/inside.txt"), random(11, 100));
            b.engine.rescan("docs");

            await(() -> tree(a.folder).equals(tree(b.folder)), "a has b's changes");
            assertThat(tree(a.folder)).containsKey("small/d3/renamed.txt").doesNotContainKey("small/d2/f2.txt");

            // And back: a change on a reaches b.
            write(a.folder.resolve("from-a.txt"), random(12, 10));
            a.engine.rescan("docs");
            await(() -> tree(b.folder).containsKey("from-a.txt"), "b got a's new file");
            await(
                    () -> a.engine.state("docs") == FolderState.IDLE && b.engine.state("docs") == FolderState.IDLE,
                    "both idle");
            assertThat(a.engine.errors("docs")).isEmpty();
            assertThat(b.engine.errors("docs")).isEmpty();
        }
    }

    @Test
    void aReceiverHoldingFewerPendingRecordsThanArriveStillGetsEveryFileAndEveryLaterChange() throws Exception {
        try (Device a = new Device("a");
                Device b = new Device("b")) {
            // Past this many waiting records a receiver keeps none in memory and pulls from its index instead.
            b.settings = EngineSettings.DEFAULT.withPendingRecords(20);
            write(a.folder.resolve("big/first.bin"), random(20, 24 << 20));
            for (int i = 0; i < 400; i++) {
                write(a.folder.resolve("many/d" + (i % 8) + "/f" + i + ".txt"), random(200 + i, 1 + (i * 31) % 5000));
            }
            startAndConnect(a, b);
            TreeMap<String, String> expected = tree(a.folder);
            await(() -> tree(b.folder).equals(expected), "b has a's tree");

            for (int i = 0; i < 400; i += 3) {
                write(a.folder.resolve("many/d" + (i % 8) + "/f" + i + ".txt"), random(900 + i, 700));
            }
            Files.delete(a.folder.resolve("many/d1/f1.txt"));
            a.engine.rescan("docs");
            await(() -> tree(b.folder).equals(tree(a.folder)), "b has a's changes");
            assertThat(tree(b.folder)).doesNotContainKey("many/d1/f1.txt");
            assertThat(b.engine.errors("docs")).isEmpty();
        }
    }

    @Test
    void aConcurrentEditKeepsTheNewerVersionAndTheOtherAsAConflictCopyOnBothDevices() throws Exception {
        try (Device a = new Device("a");
                Device b = new Device("b")) {
            write(a.folder.resolve("notes.txt"), "v1".getBytes());
            startAndConnect(a, b);
            await(() -> Files.exists(b.folder.resolve("notes.txt")), "b has v1");
            await(
                    () -> a.engine.status("docs").completion().values().stream().allMatch(c -> c == 100),
                    "a knows b is in sync");

            // Both edit before either hears of the other; a's edit is the later one and must win.
            Path onA = a.folder.resolve("notes.txt");
            Path onB = b.folder.resolve("notes.txt");
            Files.writeString(onA, "edited on a");
            Files.writeString(onB, "edited on b");
            java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Files.setLastModifiedTime(onA, java.nio.file.attribute.FileTime.from(now));
            Files.setLastModifiedTime(onB, java.nio.file.attribute.FileTime.from(now.minusSeconds(60)));
            a.engine.rescan("docs");
            b.engine.rescan("docs");

            String copy = dev.shoal.engine.conflict.ConflictNames.of(
                    "notes.txt", now.minusSeconds(60).getEpochSecond(), b.id.shortValue());
            await(
                    () -> Files.exists(a.folder.resolve(copy)) && Files.exists(b.folder.resolve(copy)),
                    "the conflict copy " + copy + " on both");
            await(() -> tree(a.folder).equals(tree(b.folder)), "both converge");
            assertThat(Files.readString(onA)).isEqualTo("edited on a");
            assertThat(Files.readString(onB)).isEqualTo("edited on a");
            assertThat(Files.readString(b.folder.resolve(copy))).isEqualTo("edited on b");
            assertThat(tree(a.folder)).containsOnlyKeys("notes.txt", copy);
            await(() -> b.engine.conflicts("docs").size() == 1, "b lists the conflict once its copy is scanned");
            var listed = b.engine.conflicts("docs").getFirst();
            assertThat(listed.file()).isEqualTo("notes.txt");
            assertThat(listed.copyName()).isEqualTo(copy);
            assertThat(listed.copy().device()).isEqualTo(b.id.shortString());
            assertThat(listed.copy().size()).isEqualTo("edited on b".length());
            assertThat(listed.current().size()).isEqualTo("edited on a".length());
        }
    }

    @Test
    void ignoreRulesHoldOnBothSides() throws Exception {
        try (Device a = new Device("a");
                Device b = new Device("b")) {
            Files.writeString(a.folder.resolve(".shoalignore"), "# build output\n*.tmp\nbuild/\n");
            Files.writeString(b.folder.resolve(".shoalignore"), "*.tmp\n");
            write(a.folder.resolve("keep.txt"), "kept".getBytes());
            write(a.folder.resolve("junk.tmp"), "junk".getBytes());
            write(a.folder.resolve("build/out.bin"), random(31, 1000));
            write(a.folder.resolve("d/f.txt"), "in d".getBytes());
            write(b.folder.resolve("local.tmp"), "only on b".getBytes());
            startAndConnect(a, b);

            await(() -> Files.exists(b.folder.resolve("d/f.txt")), "b has a's synced files");
            write(b.folder.resolve("d/scratch.tmp"), "b's own".getBytes());
            b.engine.rescan("docs");
            await(() -> b.engine.state("docs") == FolderState.IDLE, "b idle");
            assertThat(b.folder.resolve("keep.txt")).hasContent("kept");
            assertThat(b.folder.resolve("junk.tmp")).doesNotExist();
            assertThat(b.folder.resolve("build")).doesNotExist();
            assertThat(b.folder.resolve(".shoalignore")).hasContent("*.tmp\n"); // each keeps its own
            assertThat(a.folder.resolve("local.tmp")).doesNotExist();

            // A directory deleted on a stays on b while it holds b's ignored file; the synced file goes.
            Files.delete(a.folder.resolve("d/f.txt"));
            Files.delete(a.folder.resolve("d"));
            a.engine.rescan("docs");
            await(() -> !Files.exists(b.folder.resolve("d/f.txt")), "the synced file left b");
            await(() -> b.engine.state("docs") == FolderState.IDLE, "b idle");
            assertThat(b.folder.resolve("d/scratch.tmp")).hasContent("b's own");
            assertThat(b.folder.resolve("local.tmp")).hasContent("only on b");
            assertThat(b.engine.errors("docs")).isEmpty();
            assertThat(b.engine.status("docs").needFiles()).isZero(); // a's ignored files are not "needed"
            assertThat(a.folder.resolve("junk.tmp")).hasContent("junk"); // ignored means untouched, too
        }
    }

    @Test
    void anEditBeatsAConcurrentDeletion() throws Exception {
        try (Device a = new Device("a");
                Device b = new Device("b")) {
            write(a.folder.resolve("plan.txt"), "v1".getBytes());
            startAndConnect(a, b);
            await(() -> Files.exists(b.folder.resolve("plan.txt")), "b has v1");
            await(
                    () -> a.engine.status("docs").completion().values().stream().allMatch(c -> c == 100),
                    "a knows b is in sync");

            Files.delete(a.folder.resolve("plan.txt"));
            Files.writeString(b.folder.resolve("plan.txt"), "kept by b");
            a.engine.rescan("docs");
            b.engine.rescan("docs");

            await(
                    () -> Files.exists(a.folder.resolve("plan.txt"))
                            && tree(a.folder).equals(tree(b.folder)),
                    "the edit is back on a");
            assertThat(Files.readString(a.folder.resolve("plan.txt"))).isEqualTo("kept by b");
            assertThat(tree(b.folder)).containsOnlyKeys("plan.txt");
        }
    }

    /**
     * Only the changed bytes travel, not whole chunks: chunking alone sends the chunks around an edit (for this
     * input 2.53 MB, as normalized chunking can take several chunks to fall back in step), block deltas send
     * only the 16 KiB blocks of those chunks that differ from the receiver's old bytes.
     */
    @Test
    void aOneMebibyteChangeInsideA256MebibyteFileTransfersOnlyTheChunksAroundIt() throws Exception {
        try (Device a = new Device("a");
                Device b = new Device("b")) {
            byte[] data = random(21, 256 << 20);
            write(a.folder.resolve("disk.img"), data);
            startAndConnect(a, b);
            await(() -> tree(b.folder).equals(tree(a.folder)), "the image reached b");
            long before = b.incoming.stats().bytesReceived();

            try (var raf =
                    new java.io.RandomAccessFile(a.folder.resolve("disk.img").toFile(), "rw")) {
                raf.seek(128L << 20);
                raf.write(random(22, 1 << 20));
            }
            a.engine.rescan("docs");
            await(() -> tree(b.folder).equals(tree(a.folder)), "the edit reached b");

            long transferred = b.incoming.stats().bytesReceived() - before;
            System.out.printf("1 MiB edit inside 256 MiB: %,d bytes of messages received%n", transferred);
            assertThat(transferred).isLessThan(2L << 20);
        }
    }
    /**
     * A device that stops sharing a folder refuses its chunks; once it shares the folder again the other device
     * fetches what it could not, although no record is new to it (it held them all before the refusal, and
     * said so when it last connected).
     */
    @Test
    void aFolderSharedAgainServesWhatItRefusedEvenWhenNoRecordIsNew() throws Exception {
        try (Device a = new Device("a");
                Device b = new Device("b")) {
            byte[] data = random(30, 3 << 20);
            write(a.folder.resolve("kept.bin"), data);
            FolderSpec sharedWithB = new FolderSpec("docs", a.folder, Set.of(b.id));
            FolderSpec bFolder = new FolderSpec("docs", b.folder, Set.of(a.id));
            a.start(b.id);
            b.start(a.id);
            b.engine.putFolder(new FolderSpec(
                    "docs",
                    b.folder,
                    Set.of(a.id),
                    FolderType.SEND_RECEIVE,
                    true)); // b stores a's records but does not pull yet
            reconnect(a, b);
            await(() -> b.engine.status("docs").needFiles() == 1, "b holds a's record of kept.bin");
            reconnect(a, b); // b's cluster config now says it has every record of a's

            a.engine.putFolder(new FolderSpec("docs", a.folder, Set.of()));
            b.engine.putFolder(bFolder);
            await(() -> !b.engine.errors("docs").isEmpty(), "a refuses b's requests");
            assertThat(b.folder.resolve("kept.bin")).doesNotExist();

            a.engine.putFolder(sharedWithB);
            Await.until(
                    "b fetched kept.bin once a shared the folder again",
                    java.time.Duration.ofSeconds(20),
                    () -> tree(b.folder).equals(tree(a.folder)));
            assertThat(Files.readAllBytes(b.folder.resolve("kept.bin"))).isEqualTo(data);
        }
    }

    /** A file that failed to arrive is tried again after a while, though nothing new is announced meanwhile. */
    @Test
    void aFileThatFailedToArriveIsTriedAgainLater() throws Exception {
        try (Device a = new Device("a");
                Device b = new Device("b")) {
            b.settings = EngineSettings.DEFAULT.withFailedRetrySeconds(2);
            byte[] data = random(31, 1 << 20);
            write(a.folder.resolve("later.bin"), data);
            FolderSpec bFolder = new FolderSpec("docs", b.folder, Set.of(a.id));
            a.start(b.id);
            b.start(a.id);
            b.engine.putFolder(new FolderSpec("docs", b.folder, Set.of(a.id), FolderType.SEND_RECEIVE, true));
            reconnect(a, b);
            await(() -> b.engine.status("docs").needFiles() == 1, "b holds a's record of later.bin");

            FolderSpec aFolder = new FolderSpec("docs", a.folder, Set.of(b.id));
            a.engine.putFolder(new FolderSpec("docs", a.folder, Set.of(b.id), FolderType.SEND_RECEIVE, true));
            b.engine.putFolder(bFolder);
            await(() -> !b.engine.errors("docs").isEmpty(), "paused a serves nothing");
            a.engine.putFolder(aFolder); // resuming announces nothing new: only b's retry can fetch the file

            Await.until(
                    "b retried later.bin",
                    java.time.Duration.ofSeconds(20),
                    () -> Files.exists(b.folder.resolve("later.bin")));
            assertThat(Files.readAllBytes(b.folder.resolve("later.bin"))).isEqualTo(data);
            await(() -> b.engine.errors("docs").isEmpty(), "the error is gone once the file arrived");
        }
    }

    /** Joins two started engines over a new link, closing the one before (as a reconnect does). */
    static void reconnect(Device a, Device b) {
        if (a.link != null) {
            a.link.close("reconnecting");
        }
        MemoryLink link = MemoryLink.between(a.id, a.name, b.id, b.name);
        a.link = link.atA();
        b.link = link.atB();
        b.incoming = link.atB();
        a.engine.connected(link.atA());
        b.engine.connected(link.atB());
    }
}
