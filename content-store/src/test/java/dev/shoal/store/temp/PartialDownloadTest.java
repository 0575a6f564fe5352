package dev.shoal.store.temp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.store.chunk.Chunk;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.fs.FolderLayout;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialDownloadTest {
    @TempDir
    Path tmp;

    Path root;
    Index index;
    Folder folder;
    byte[] data = new byte[3_000_000];
    Manifest manifest;

    @BeforeEach
    void setUp() throws IOException {
        new Random(5).nextBytes(data);
        manifest = new ChunkHasher().hash(data);
        root = Files.createDirectories(tmp.resolve("f"));
        index = Index.open(tmp.resolve("index.db"));
        folder = index.addFolder("f", root);
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    byte[] bytesOf(int i) {
        Chunk c = manifest.chunks().get(i);
        return Arrays.copyOfRange(data, (int) c.offset(), (int) c.offset() + c.size());
    }

    @Test
    void writtenChunksOfADownloadInProgressCanBeServedThroughTheChunkReader() throws IOException {
        var reader = new dev.shoal.store.read.ChunkReader(index, f -> {});
        Chunk first = manifest.chunks().get(0);
        Chunk second = manifest.chunks().get(1);
        try (PartialDownload d = PartialDownload.open(index, folder, "big.bin", manifest)) {
            reader.downloads().add(d);
            d.write(0, bytesOf(0));

            assertThat(reader.read(folder, first.hash(), first.size())).hasValue(bytesOf(0));
            byte[] frame = new byte[first.size() + 7];
            assertThat(reader.readForPeer(folder, first.hash(), first.size(), frame, 7))
                    .isTrue();
            assertThat(Arrays.copyOfRange(frame, 7, frame.length)).isEqualTo(bytesOf(0));
            assertThat(reader.read(folder, second.hash(), second.size())).isEmpty(); // not written yet
            assertThat(reader.readForPeer(folder, second.hash(), second.size(), new byte[second.size()], 0))
                    .isFalse();
            Folder other = index.addFolder("other", Files.createDirectories(tmp.resolve("o")));
            assertThat(reader.read(other, first.hash(), first.size())).isEmpty(); // not shared through another folder

            // Bytes that no longer match (the temp file damaged) are never handed out.
            try (RandomAccessFile raf = new RandomAccessFile(d.tempPath().toFile(), "rw")) {
                raf.seek(first.offset() + 10);
                raf.write(bytesOf(0)[10] ^ 0xff);
            }
            assertThat(reader.read(folder, first.hash(), first.size())).isEmpty();
            reader.downloads().remove(d);
        }
    }

    @Test
    void assemblesInAHiddenTempFileAndAppearsOnlyWhenComplete() throws IOException {
        Instant mtime = Instant.parse("2025-05-05T10:00:00.123456789Z");
        try (PartialDownload d = PartialDownload.open(index, folder, "sub/file.bin", manifest)) {
            assertThat(d.tempPath().getFileName().toString())
                    .startsWith(".file.bin.")
                    .endsWith(".shoal-tmp");
            for (int i = manifest.chunks().size() - 1; i >= 0; i--) {
                assertThat(Files.exists(root.resolve("sub/file.bin"))).isFalse();
                d.write(i, bytesOf(i));
            }
            Path target = d.finish(mtime, 0640, ExpectedTarget.ABSENT);
            assertThat(Files.readAllBytes(target)).isEqualTo(data);
            assertThat(Files.getLastModifiedTime(target).toInstant()).isEqualTo(mtime);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                    .isEqualTo("rw-r-----");
            assertThat(Files.exists(d.tempPath())).isFalse();
        }
        assertThat(index.partial(folder, "sub/file.bin", manifest.fileHash())).isEmpty();
    }

    @Test
    void resumesAfterARestartWithoutRefetchingCheckpointedChunks() throws IOException {
        int half = manifest.chunks().size() / 2;
        PartialDownload first = PartialDownload.open(index, folder, "big.bin", manifest);
        for (int i = 0; i < half; i++) {
            first.write(i, bytesOf(i));
        }
        first.checkpoint();
        first.write(half, bytesOf(half)); // written but not checkpointed: may be refetched
        // Crash: the process dies without closing. A new process opens the same download.
        PartialDownload resumed = PartialDownload.open(index, folder, "big.bin", manifest);
        assertThat(resumed.doneCount()).isEqualTo(half);
        for (int i = 0; i < manifest.chunks().size(); i++) {
            if (!resumed.isDone(i)) {
                resumed.write(i, bytesOf(i));
            }
        }
        Path target = resumed.finish(Instant.now(), -1, ExpectedTarget.ABSENT);
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }

    @Test
    void checkpointedChunkDamagedOnDiskIsFetchedAgain() throws IOException {
        try (PartialDownload d = PartialDownload.open(index, folder, "x.bin", manifest)) {
            d.write(0, bytesOf(0));
            d.write(1, bytesOf(1));
        }
        try (RandomAccessFile raf =
                new RandomAccessFile(FolderLayout.tempFor(root, "x.bin").toFile(), "rw")) {
            raf.seek(manifest.chunks().get(1).offset());
            raf.write(new byte[] {1, 2, 3});
        }
        try (PartialDownload d = PartialDownload.open(index, folder, "x.bin", manifest)) {
            assertThat(d.isDone(0)).isTrue();
            assertThat(d.isDone(1)).isFalse();
        }
    }

    @Test
    void corruptChunkIsRejectedAndNotWritten() throws IOException {
        try (PartialDownload d = PartialDownload.open(index, folder, "x.bin", manifest)) {
            byte[] wrong = bytesOf(0);
            wrong[100] ^= 1;
            assertThatThrownBy(() -> d.write(0, wrong)).isInstanceOf(CorruptChunkException.class);
            assertThat(d.isDone(0)).isFalse();
        }
    }

    @Test
    void localFileChangedAfterPlanningIsNeverOverwritten() throws IOException {
        Path target = Files.write(root.resolve("doc.txt"), "mine".getBytes());
        try (PartialDownload d = PartialDownload.open(index, folder, "doc.txt", manifest)) {
            for (int i = 0; i < manifest.chunks().size(); i++) {
                d.write(i, bytesOf(i));
            }
            // The plan expected no file here; the user created one meanwhile.
            assertThatThrownBy(() -> d.finish(Instant.now(), -1, ExpectedTarget.ABSENT))
                    .isInstanceOf(TargetChangedException.class);
        }
        assertThat(Files.readString(target)).isEqualTo("mine");
        assertThat(Files.exists(FolderLayout.tempFor(root, "doc.txt"))).isTrue();
    }

    @Test
    void incompleteDownloadCannotFinish() throws IOException {
        try (PartialDownload d = PartialDownload.open(index, folder, "x.bin", manifest)) {
            d.write(0, bytesOf(0));
            assertThatThrownBy(() -> d.finish(Instant.now(), -1, ExpectedTarget.ABSENT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("missing");
        }
        assertThat(Files.exists(root.resolve("x.bin"))).isFalse();
    }
}
