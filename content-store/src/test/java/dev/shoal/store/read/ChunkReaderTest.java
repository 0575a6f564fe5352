package dev.shoal.store.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.store.chunk.Chunk;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.scan.Scanner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkReaderTest {
    @TempDir
    Path tmp;

    Index index;
    Folder docs;
    Folder photos;
    byte[] data = new byte[2_000_000];
    List<Folder> rescans = new ArrayList<>();
    ChunkReader reader;

    @BeforeEach
    void setUp() throws IOException {
        new Random(3).nextBytes(data);
        Files.write(Files.createDirectories(tmp.resolve("docs")).resolve("a.bin"), data);
        Files.createDirectories(tmp.resolve("photos"));
        index = Index.open(tmp.resolve("index.db"));
        docs = index.addFolder("docs", tmp.resolve("docs"));
        photos = index.addFolder("photos", tmp.resolve("photos"));
        Scanner scanner = new Scanner(index, new ChunkHasher(), ForkJoinPool.commonPool(), 1);
        scanner.scan(docs);
        scanner.scan(photos);
        reader = new ChunkReader(index, rescans::add);
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    Chunk chunk(int i) {
        return index.localFile(docs, "a.bin").orElseThrow().manifest().chunks().get(i);
    }

    /** Changes four bytes inside chunk {@code c} and puts the file's mtime back: size and stamp look unchanged. */
    void rewriteInPlaceKeepingTheStamp(Chunk c) throws IOException {
        Path file = tmp.resolve("docs/a.bin");
        FileTime mtime = Files.getLastModifiedTime(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(c.offset() + 10);
            raf.write(new byte[] {0, 0, 0, 0});
        }
        Files.setLastModifiedTime(file, mtime);
    }

    @Test
    void readsVerifiedBytesFromTheLiveFile() {
        Chunk c = chunk(2);
        byte[] got = reader.read(c.hash(), c.size()).orElseThrow();
        assertThat(got).isEqualTo(Arrays.copyOfRange(data, (int) c.offset(), (int) c.offset() + c.size()));
        assertThat(rescans).isEmpty();
    }

    @Test
    void servesOnlyFromTheRequestedFolder() {
        Chunk c = chunk(0);
        assertThat(reader.read(photos, c.hash(), c.size())).isEmpty();
        assertThat(reader.read(docs, c.hash(), c.size())).isPresent();
    }

    @Test
    void changedFileIsAMissAndAsksForARescan() throws IOException {
        Chunk c = chunk(1);
        Path file = tmp.resolve("docs/a.bin");
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(reader.read(c.hash(), c.size())).isEmpty();
        assertThat(rescans).containsExactly(docs);
    }

    @Test
    void bytesRewrittenInPlaceWithTheSameStampAreNeverServed() throws IOException {
        Chunk c = chunk(1);
        rewriteInPlaceKeepingTheStamp(c);
        assertThat(reader.read(c.hash(), c.size())).isEmpty();
        assertThat(rescans).containsExactly(docs);
    }

    @Test
    void aPeerGetsTheSameBytesWithoutASecondHashAndNothingFromChangedFiles() throws IOException {
        Chunk c = chunk(2);
        assertThat(reader.readForPeer(docs, c.hash(), c.size()).orElseThrow())
                .isEqualTo(Arrays.copyOfRange(data, (int) c.offset(), (int) c.offset() + c.size()));
        assertThat(reader.readForPeer(photos, c.hash(), c.size())).isEmpty();
        // Straight into the message that carries it, after that message's header.
        byte[] frame = new byte[5 + c.size()];
        assertThat(reader.readForPeer(docs, c.hash(), c.size(), frame, 5)).isTrue();
        assertThat(Arrays.copyOfRange(frame, 5, frame.length))
                .isEqualTo(Arrays.copyOfRange(data, (int) c.offset(), (int) c.offset() + c.size()));
        assertThat(reader.readForPeer(photos, c.hash(), c.size(), frame, 5)).isFalse();

        Files.write(tmp.resolve("docs/a.bin"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(reader.readForPeer(docs, c.hash(), c.size())).isEmpty();
        assertThat(reader.readForPeer(docs, c.hash(), c.size(), frame, 5)).isFalse();
        assertThat(rescans).containsExactly(docs, docs);
    }

    @Test
    void bytesRewrittenInPlaceWithTheSameStampReachAPeerAsAChunkThatFailsItsHash() throws IOException {
        // The one case the size and mtime check cannot see; the requester's own hash check is what catches it.
        Chunk c = chunk(1);
        rewriteInPlaceKeepingTheStamp(c);
        byte[] served = reader.readForPeer(docs, c.hash(), c.size()).orElseThrow();
        assertThat(c.hash().matches(served, 0, served.length)).isFalse();
    }
}
