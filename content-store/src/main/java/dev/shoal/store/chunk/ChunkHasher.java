package dev.shoal.store.chunk;

import dev.shoal.store.chunk.Manifest.ChunkSizeAndHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Turns file content into a {@link Manifest}: finds chunk boundaries with {@link FastCdc} and hashes the chunks.
 *
 * <p>Boundary finding is cheap and sequential; SHA-256 is the cost (about 200 MB/s per core on the reference
 * machine, which lacks SHA extensions). Chunks are independent, so when this runs inside a {@link ForkJoinPool}
 * the chunks of one window are hashed in parallel: a single large file then uses every core.
 */
public final class ChunkHasher {
    /** Data is read in windows of this size; each holds many chunks so they can be hashed in parallel. */
    static final int WINDOW = 8 * 1024 * 1024;

    private static final int PARALLEL_BYTES = 2 * 1024 * 1024;

    private final FastCdc cdc;

    public ChunkHasher(FastCdc cdc) {
        if (cdc.params().maxSize() * 2 > WINDOW) {
            throw new IllegalArgumentException("max chunk size too large for the read window");
        }
        this.cdc = cdc;
    }

    public ChunkHasher() {
        this(new FastCdc(ChunkParams.V1));
    }

    public FastCdc cdc() {
        return cdc;
    }

    public Manifest hash(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return hash(Channels.newInputStream(ch), ch.size());
        }
    }

    public Manifest hash(byte[] data) {
        List<ChunkSizeAndHash> parts = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int n = cdc.cut(data, pos, data.length - pos);
            parts.add(new ChunkSizeAndHash(n, Hash.sha256(data, pos, n)));
            pos += n;
        }
        return Manifest.of(cdc.params().version(), parts);
    }

    /**
     * Reads {@code in} to its end. The stream is not closed.
     *
     * @param sizeHint expected length, to size the buffer for small files (any value is safe)
     */
    public Manifest hash(InputStream in, long sizeHint) throws IOException {
        // A buffer per call, not per thread: a fork-join worker may run another file's task while it waits.
        byte[] buf = new byte[(int) Math.clamp(sizeHint + 1, 4096, WINDOW)];
        List<ChunkSizeAndHash> parts = new ArrayList<>();
        int filled = 0;
        boolean eof = false;
        int[] cuts = new int[buf.length / cdc.params().minSize() + 2];
        while (true) {
            while (!eof && filled < buf.length) {
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                }
            }
            // Cut while a full max-size chunk is available (or the input has ended), so boundaries do not
            // depend on how reads happened to split the data.
            int count = 0;
            int pos = 0;
            cuts[0] = 0;
            while (pos < filled && (eof || filled - pos >= cdc.params().maxSize())) {
                pos += cdc.cut(buf, pos, filled - pos);
                cuts[++count] = pos;
            }
            hashChunks(buf, cuts, count, parts);
            System.arraycopy(buf, pos, buf, 0, filled - pos);
            filled -= pos;
            if (filled == buf.length) {
                // The file is larger than its size hint said: grow so a whole max-size chunk fits.
                buf = Arrays.copyOf(
                        buf,
                        Math.min(
                                WINDOW,
                                Math.max(buf.length * 2, 2 * cdc.params().maxSize())));
                cuts = new int[buf.length / cdc.params().minSize() + 2];
            }
            if (eof && filled == 0) {
                return Manifest.of(cdc.params().version(), parts);
            }
        }
    }

    private static void hashChunks(byte[] buf, int[] cuts, int count, List<ChunkSizeAndHash> out) {
        Hash[] hashes = new Hash[count];
        if (ForkJoinTask.inForkJoinPool() && cuts[count] >= PARALLEL_BYTES) {
            new HashRange(buf, cuts, hashes, 0, count).invoke();
        } else {
            for (int i = 0; i < count; i++) {
                hashes[i] = Hash.sha256(buf, cuts[i], cuts[i + 1] - cuts[i]);
            }
        }
        for (int i = 0; i < count; i++) {
            out.add(new ChunkSizeAndHash(cuts[i + 1] - cuts[i], hashes[i]));
        }
    }

    /** Hashes chunks [from, to) of a window, splitting in halves so idle workers can steal work. */
    private static final class HashRange extends RecursiveAction {
        private final byte[] buf;
        private final int[] cuts;
        private final Hash[] out;
        private final int from;
        private final int to;

        HashRange(byte[] buf, int[] cuts, Hash[] out, int from, int to) {
            this.buf = buf;
            this.cuts = cuts;
            this.out = out;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from <= 1 || cuts[to] - cuts[from] < PARALLEL_BYTES / 2) {
                for (int i = from; i < to; i++) {
                    out[i] = Hash.sha256(buf, cuts[i], cuts[i + 1] - cuts[i]);
                }
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new HashRange(buf, cuts, out, from, mid), new HashRange(buf, cuts, out, mid, to));
        }
    }
}
