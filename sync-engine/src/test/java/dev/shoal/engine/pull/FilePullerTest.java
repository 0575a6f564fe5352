package dev.shoal.engine.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.shoal.engine.protocol.BlockDelta;
import dev.shoal.engine.protocol.UnsafeNameException;
import dev.shoal.engine.protocol.WireFormatException;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.protocol.wire.Response;
import dev.shoal.store.chunk.Chunk;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.index.VersionVector;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.scan.Scanner;
import dev.shoal.store.temp.CorruptChunkException;
import dev.shoal.store.temp.TargetChangedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls between two real folders with their own indexes; the "peer" serves chunks from its live files. */
class FilePullerTest {
    static final long PEER = 0xB0B;
    static final long ME = 0xA11CE;

    @TempDir
    Path tmp;

    Path theirs;
    Path mine;
    Index theirIndex;
    Index myIndex;
    Folder theirFolder;
    Folder myFolder;
    AtomicLong served = new AtomicLong();
    AtomicInteger corruptNext = new AtomicInteger();
    FilePuller puller;
    ChunkSource network;

    @BeforeEach
    void setUp() throws IOException {
        theirs = Files.createDirectories(tmp.resolve("theirs"));
        mine = Files.createDirectories(tmp.resolve("mine"));
        theirIndex = Index.open(tmp.resolve("their.db"));
        myIndex = Index.open(tmp.resolve("my.db"));
        theirFolder = theirIndex.addFolder("docs", theirs);
        myFolder = myIndex.addFolder("docs", mine);
        ChunkReader peer = new ChunkReader(theirIndex, f -> {});
        // Serves as the engine does: the whole chunk, or only the blocks that differ from the requester's base.
        network = (folderId, name, chunk, base) -> {
            Request.Builder request = Request.newBuilder().setSize(chunk.size());
            if (base != null) {
                BlockDelta.describeBase(request, base, chunk.size());
            }
            byte[] data = peer.read(theirFolder, chunk.hash(), chunk.size()).orElseThrow();
            Response response = BlockDelta.answer(request.build(), data);
            served.addAndGet(response.getData().size());
            if (corruptNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                byte[] bad = data.clone();
                bad[0] ^= 1;
                response =
                        Response.newBuilder().setData(ByteString.copyFrom(bad)).build();
            }
            try {
                return CompletableFuture.completedFuture(BlockDelta.assemble(response, base, chunk.size()));
            } catch (WireFormatException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        puller = new FilePuller(myIndex, new ChunkReader(myIndex, f -> {}), network);
        // As the engine does at start: scan before pulling (the scan creates the folder's .shoal marker).
        scanMine();
    }

    @AfterEach
    void tearDown() {
        theirIndex.close();
        myIndex.close();
    }

    static byte[] random(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    FileRecord theirRecord(String name) throws IOException {
        new Scanner(theirIndex, new ChunkHasher(), ForkJoinPool.commonPool(), PEER).scan(theirFolder);
        return theirIndex.localFile(theirFolder, name).orElseThrow();
    }

    void scanMine() throws IOException {
        new Scanner(myIndex, new ChunkHasher(), ForkJoinPool.commonPool(), ME).scan(myFolder);
    }

    PullResult pullAndStore(FileRecord current, FileRecord wanted) throws Exception {
        PullResult r = puller.pull(myFolder, current, wanted);
        myIndex.write(w -> w.putLocal(myFolder, r.record()));
        return r;
    }

    @Test
    void aPullerLeavingTheDirectorySyncToItsCallerNamesTheDirectoryToSync() throws Exception {
        byte[] data = random(4, 200_000);
        Files.write(Files.createDirectories(theirs.resolve("deep/er")).resolve("a.bin"), data);
        FileRecord wanted = theirRecord("deep/er/a.bin");

        PullResult deferred = new FilePuller(myIndex, new ChunkReader(myIndex, f -> {}), network)
                .deferringDirectorySync()
                .pull(myFolder, null, wanted);

        assertThat(Files.readAllBytes(mine.resolve("deep/er/a.bin"))).isEqualTo(data);
        assertThat(deferred.unsyncedDirectory()).isEqualTo(mine.resolve("deep/er"));
        Files.write(theirs.resolve("deep/er/b.bin"), data);
        assertThat(pullAndStore(null, theirRecord("deep/er/b.bin")).unsyncedDirectory())
                .as("a puller that syncs the directory itself leaves nothing to its caller")
                .isNull();
    }

    @Test
    void newFileArrivesByteForByteWithItsTimeAndVersion() throws Exception {
        byte[] data = random(1, 3_000_000);
        Files.write(Files.createDirectories(theirs.resolve("sub")).resolve("a.bin"), data);
        FileRecord wanted = theirRecord("sub/a.bin");

        PullResult r = pullAndStore(null, wanted);

        assertThat(Files.readAllBytes(mine.resolve("sub/a.bin"))).isEqualTo(data);
        assertThat(Files.getLastModifiedTime(mine.resolve("sub/a.bin")))
                .isEqualTo(Files.getLastModifiedTime(theirs.resolve("sub/a.bin")));
        assertThat(r.record().version()).isEqualTo(wanted.version());
        assertThat(r.fetchedBytes()).isEqualTo(data.length);
        assertThat(served.get()).isEqualTo(data.length);
        // What the pull recorded is what a scan sees: no spurious new version bounces back.
        var before = myIndex.localFile(myFolder, "sub/a.bin").orElseThrow();
        scanMine();
        assertThat(myIndex.localFile(myFolder, "sub/a.bin").orElseThrow().version())
                .isEqualTo(before.version());
    }

    @Test
    void aFileReplacedByThePeersVersionIsKeptInTheVersionsArea() throws Exception {
        Files.writeString(theirs.resolve("doc.txt"), "version one");
        pullAndStore(null, theirRecord("doc.txt"));
        scanMine();
        FileRecord current = myIndex.localFile(myFolder, "doc.txt").orElseThrow();
        Files.writeString(theirs.resolve("doc.txt"), "version two, longer");
        FileRecord wanted = theirRecord("doc.txt");
        var versions = new dev.shoal.store.versions.VersionStore(mine, java.time.InstantSource.system());

        new FilePuller(myIndex, new ChunkReader(myIndex, f -> {}), network, versions).pull(myFolder, current, wanted);

        assertThat(mine.resolve("doc.txt")).hasContent("version two, longer");
        assertThat(versions.list()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("doc.txt");
            assertThat(v.path()).hasContent("version one");
        });
    }

    @Test
    void anEditedBigFileFetchesOnlyTheChangedChunks() throws Exception {
        byte[] v1 = random(2, 8 << 20);
        Files.write(theirs.resolve("big.bin"), v1);
        pullAndStore(null, theirRecord("big.bin"));
        scanMine();
        FileRecord current = myIndex.localFile(myFolder, "big.bin").orElseThrow();

        byte[] v2 = v1.clone();
        System.arraycopy(random(3, 1 << 20), 0, v2, 3 << 20, 1 << 20); // 1 MiB changed in the middle
        Files.write(theirs.resolve("big.bin"), v2);
        FileRecord wanted = theirRecord("big.bin");
        served.set(0);

        PullResult r = pullAndStore(current, wanted);

        assertThat(Files.readAllBytes(mine.resolve("big.bin"))).isEqualTo(v2);
        assertThat(r.fetchedBytes()).isLessThan(3L << 20);
        assertThat(r.reusedBytes()).isGreaterThan(5L << 20);
        // Within the changed chunks only the changed blocks travel: the edit plus at most a block each side.
        assertThat(served.get()).isBetween(1L << 20, (1L << 20) + 2L * BlockDelta.BLOCK_SIZE);
    }

    @Test
    void aCorruptChunkIsRequestedAgainAndAPersistentlyCorruptPeerFailsWithoutAFile() throws Exception {
        byte[] data = random(4, 2_000_000);
        Files.write(theirs.resolve("c.bin"), data);
        FileRecord wanted = theirRecord("c.bin");

        corruptNext.set(1);
        puller.pull(myFolder, null, wanted);
        assertThat(Files.readAllBytes(mine.resolve("c.bin"))).isEqualTo(data);

        Files.delete(mine.resolve("c.bin"));
        corruptNext.set(1000);
        assertThatThrownBy(() -> puller.pull(myFolder, null, wanted)).isInstanceOf(CorruptChunkException.class);
        assertThat(Files.exists(mine.resolve("c.bin"))).isFalse();
    }

    @Test
    void aLocalFileChangedAfterPlanningIsLeftAlone() throws Exception {
        Files.write(theirs.resolve("doc.txt"), random(5, 100_000));
        FileRecord wanted = theirRecord("doc.txt");
        Files.writeString(mine.resolve("doc.txt"), "my unsaved thesis"); // appeared after the plan (current = null)

        assertThatThrownBy(() -> puller.pull(myFolder, null, wanted)).isInstanceOf(TargetChangedException.class);
        assertThat(Files.readString(mine.resolve("doc.txt"))).isEqualTo("my unsaved thesis");
    }

    @Test
    void hostileNamesWriteNothingAnywhere() throws Exception {
        Files.write(theirs.resolve("x.bin"), random(6, 1000));
        FileRecord real = theirRecord("x.bin");
        for (String evil : new String[] {"../escaped.bin", "/tmp/abs.bin", "C:/win.bin", "a/../../b.bin"}) {
            FileRecord hostile = new FileRecord(
                    evil,
                    FileType.FILE,
                    real.size(),
                    1,
                    0,
                    0644,
                    false,
                    VersionVector.EMPTY.bump(PEER),
                    1,
                    PEER,
                    real.manifest(),
                    null,
                    null);
            assertThatThrownBy(() -> puller.pull(myFolder, null, hostile)).isInstanceOf(UnsafeNameException.class);
        }
        assertThat(Files.exists(tmp.resolve("escaped.bin"))).isFalse();
        try (var files = Files.list(mine)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(".shoal");
        }
    }

    @Test
    void directoriesAndSymlinksArePulledToo() throws Exception {
        Files.createDirectories(theirs.resolve("empty/dir"));
        Files.createSymbolicLink(theirs.resolve("link"), Path.of("empty/dir"));
        FileRecord dir = theirRecord("empty/dir");
        FileRecord link = theirRecord("link");

        pullAndStore(null, dir);
        pullAndStore(null, link);

        assertThat(Files.isDirectory(mine.resolve("empty/dir"))).isTrue();
        assertThat(Files.readSymbolicLink(mine.resolve("link"))).isEqualTo(Path.of("empty/dir"));
    }

    @Test
    void chunkBoundariesInTheManifestAreWhatIsFetched() throws Exception {
        Files.write(theirs.resolve("m.bin"), random(7, 1_000_000));
        FileRecord wanted = theirRecord("m.bin");
        long total = wanted.manifest().chunks().stream().mapToLong(Chunk::size).sum();
        assertThat(puller.pull(myFolder, null, wanted).fetchedBytes()).isEqualTo(total);
    }
}
