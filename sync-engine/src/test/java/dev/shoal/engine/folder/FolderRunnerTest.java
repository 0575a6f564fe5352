package dev.shoal.engine.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.api.FolderType;
import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.testing.Await;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.scan.Scanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull pass of one folder against a peer that is another real folder, index and chunk reader in the same JVM
 * (no transport): what it writes, deletes and keeps, and how each folder type changes that.
 */
class FolderRunnerTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final DeviceId me = id(1);
    private final DeviceId peer = id(2);
    private final List<AutoCloseable> open = new ArrayList<>();
    private Path mine;
    private Path theirs;
    private Index myIndex;
    private Index peerIndex;
    private Folder peerFolder;
    private Scanner peerScanner;
    private ChunkReader peerChunks;
    private FolderRunner runner;
    private int changes;

    static DeviceId id(int b) {
        byte[] hash = new byte[DeviceId.HASH_LENGTH];
        Arrays.fill(hash, (byte) b);
        return DeviceId.ofHash(hash);
    }

    @BeforeEach
    void setUp() throws IOException {
        mine = Files.createDirectories(tmp.resolve("mine"));
        theirs = Files.createDirectories(tmp.resolve("theirs"));
        peerIndex = Index.open(tmp.resolve("peer.db"));
        open.add(peerIndex);
        peerFolder = peerIndex.addFolder("docs", theirs);
        peerScanner = new Scanner(peerIndex, new ChunkHasher(), ForkJoinPool.commonPool(), peer.shortValue());
        peerChunks = new ChunkReader(peerIndex, f -> {});
        myIndex = Index.open(tmp.resolve("mine.db"));
        open.add(myIndex);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (runner != null) {
            runner.close();
        }
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private void startRunner(FolderType type) {
        Folder folder = myIndex.addFolder("docs", mine);
        Scanner scanner = new Scanner(myIndex, new ChunkHasher(), ForkJoinPool.commonPool(), me.shortValue());
        ChunkSource fromPeer = (folderId, name, chunk, base) -> CompletableFuture.completedFuture(
                peerChunks.read(chunk.hash(), chunk.size()).orElseThrow());
        runner = new FolderRunner(
                folder,
                myIndex,
                scanner,
                new ChunkReader(myIndex, f -> {}),
                (from, wanted) -> fromPeer,
                () -> changes++,
                me.shortValue(),
                a -> {},
                dev.shoal.engine.api.EngineSettings.DEFAULT);
        runner.setType(type);
        runner.addPeer(peer);
        runner.scan();
    }

    /** The peer rescans and sends this device all its records; returns once they are stored here. */
    private void peerAnnounces() throws IOException {
        peerScanner.scan(peerFolder);
        CompletableFuture<Void> stored = new CompletableFuture<>();
        runner.remoteIndex(peer, List.copyOf(peerIndex.localFiles(peerFolder).values()), () -> stored.complete(null));
        stored.orTimeout(LIMIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private void awaitSame(String name) {
        Await.until("'" + name + "' identical on both sides", LIMIT, () -> {
            try {
                Path here = mine.resolve(name);
                return Files.exists(here)
                        && Arrays.equals(Files.readAllBytes(here), Files.readAllBytes(theirs.resolve(name)));
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void pullsDirectoriesAndFilesThenDeletesWhatThePeerDeleted() throws IOException {
        Files.createDirectories(theirs.resolve("dir/sub"));
        Files.write(theirs.resolve("dir/sub/big.bin"), random(700_000, 1));
        Files.writeString(theirs.resolve("a.txt"), "alpha");
        startRunner(FolderType.SEND_RECEIVE);
        peerAnnounces();
        awaitSame("dir/sub/big.bin");
        awaitSame("a.txt");

        Files.delete(theirs.resolve("a.txt"));
        peerAnnounces();
        Await.until("a.txt deleted here", LIMIT, () -> !Files.exists(mine.resolve("a.txt")));
        assertThat(runner.errors()).isEmpty();
        assertThat(runner.versions().list()).extracting(v -> v.name()).containsExactly("a.txt");
    }

    @Test
    void aSendOnlyFolderAppliesNothingOfThePeersButOverrideMakesItsOwnStateWin() throws IOException {
        Files.writeString(mine.resolve("keep.txt"), "mine");
        Files.writeString(theirs.resolve("new.txt"), "theirs");
        startRunner(FolderType.SEND_ONLY);
        peerAnnounces();
        runner.pullAll();
        awaitIdle();
        assertThat(mine.resolve("new.txt")).doesNotExist();

        runner.overrideRemote();
        Await.until(
                "new.txt recorded as deleted by this device", LIMIT, () -> myIndex.localFile(runner.folder(), "new.txt")
                        .map(FileRecord::deleted)
                        .orElse(false));
    }

    @Test
    void aReceiveOnlyFolderLetsThePeerWinAConflictAndKeepsTheLocalEditAsAVersion() throws IOException {
        Files.writeString(theirs.resolve("note.txt"), "first");
        startRunner(FolderType.RECEIVE_ONLY);
        peerAnnounces();
        awaitSame("note.txt");

        Files.writeString(mine.resolve("note.txt"), "local edit, long enough to differ in size");
        runner.scan();
        awaitIdle();
        Files.writeString(theirs.resolve("note.txt"), "the peer's edit");
        peerAnnounces();
        awaitSame("note.txt");
        assertThat(runner.versions().list()).extracting(v -> v.name()).contains("note.txt");
        try (var names = Files.list(mine)) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("sync-conflict"));
        }
    }

    @Test
    void aSendReceiveFolderKeepsBothSidesOfAConflict() throws IOException {
        Files.writeString(theirs.resolve("note.txt"), "first");
        startRunner(FolderType.SEND_RECEIVE);
        peerAnnounces();
        awaitSame("note.txt");

        Files.writeString(mine.resolve("note.txt"), "local edit, long enough to differ in size");
        runner.scan();
        awaitIdle();
        Files.writeString(theirs.resolve("note.txt"), "the peer's edit");
        peerAnnounces();
        Await.until("a conflict copy beside note.txt", LIMIT, () -> {
            try (var names = Files.list(mine)) {
                return names.anyMatch(p -> p.getFileName().toString().contains("sync-conflict"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Everything asked of the runner so far has run. */
    private void awaitIdle() {
        runner.idle().orTimeout(LIMIT.toSeconds(), TimeUnit.SECONDS).join();
    }
}
