package dev.shoal.store.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ChunkHasherTest {
    @Test
    void aLargeStreamHashedInParallelWindowsGivesTheSameChunksAsInOnePass() throws Exception {
        byte[] data = new byte[9 * ChunkHasher.WINDOW + 12_345]; // enough windows that buffers are recycled
        new Random(42).nextBytes(data);
        ChunkHasher hasher = new ChunkHasher();
        Manifest whole = hasher.hash(data);

        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            Manifest windowed = pool.submit(() -> hasher.hash(new ByteArrayInputStream(data), data.length))
                    .get();
            assertThat(windowed.chunks()).isEqualTo(whole.chunks());
            assertThat(windowed.fileHash()).isEqualTo(whole.fileHash());
            // Lying about the size takes the growing, sequential path: the same chunks again.
            Manifest unhinted = hasher.hash(new ByteArrayInputStream(data), 10);
            assertThat(unhinted.chunks()).isEqualTo(whole.chunks());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyFilesHashedAtOnceThroughSharedWindowsEachGetTheirOwnChunks() throws Exception {
        ChunkHasher hasher = new ChunkHasher();
        List<byte[]> files = new ArrayList<>();
        Random sizes = new Random(7);
        for (int i = 0; i < 24; i++) {
            byte[] data = new byte[1024 * 1024 + sizes.nextInt(3 * ChunkHasher.WINDOW)];
            new Random(i).nextBytes(data);
            files.add(data);
        }
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            List<Future<Manifest>> hashed = new ArrayList<>();
            for (byte[] data : files) {
                hashed.add(pool.submit(() -> hasher.hash(new ByteArrayInputStream(data), data.length)));
            }
            for (int i = 0; i < files.size(); i++) {
                assertThat(hashed.get(i).get().chunks())
                        .as("file %d", i)
                        .isEqualTo(hasher.hash(files.get(i)).chunks());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(hasher.pooledWindows()).as("an idle hasher keeps no windows").isZero();
    }

    @Test
    void filesAroundTheWindowSizeGiveTheSameChunksInParallelAsInOnePass() throws Exception {
        int w = ChunkHasher.WINDOW;
        ChunkHasher hasher = new ChunkHasher();
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            for (int size : new int[] {2 * 1024 * 1024, 3 * 1024 * 1024 + 7, w - 1, w, w + 1, 2 * w, 2 * w + 513}) {
                byte[] data = new byte[size];
                new Random(size).nextBytes(data);
                Manifest whole = hasher.hash(data);
                Manifest windowed = pool.submit(() -> hasher.hash(new ByteArrayInputStream(data), data.length))
                        .get();
                assertThat(windowed.chunks()).as("%d bytes", size).isEqualTo(whole.chunks());
                assertThat(windowed.fileHash()).as("%d bytes", size).isEqualTo(whole.fileHash());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
