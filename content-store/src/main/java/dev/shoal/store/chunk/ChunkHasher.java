package dev.shoal.store.chunk;

import dev.shoal.store.chunk.Manifest.ChunkSizeAndHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
    static final int WINDOW = 4 * 1024 * 1024;

    private static final int PARALLEL_BYTES = 2 * 1024 * 1024;
    private static final int MAX_WINDOWS_IN_FLIGHT = 2;
    /** Files from this size on are read through whole (pooled) windows rather than a buffer of their size. */
    private static final int POOLED_FROM = 1024 * 1024;

    private final FastCdc cdc;
    /** Enough for each core's file to have its windows in flight plus the one being filled. */
    private final WindowPool windows = new WindowPool(
            WINDOW, (MAX_WINDOWS_IN_FLIGHT + 2) * Runtime.getRuntime().availableProcessors());

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
        windows.enter();
        try {
            return hashWindows(in, sizeHint);
        } finally {
            windows.leave();
        }
    }

    /** Free windows held for the next file (none once no file is being hashed). */
    int pooledWindows() {
        return windows.freeWindows();
    }

    private Manifest hashWindows(InputStream in, long sizeHint) throws IOException {
        boolean parallel = sizeHint >= PARALLEL_BYTES
                && ForkJoinTask.inForkJoinPool()
                && ForkJoinTask.getPool().getParallelism() > 1;
        // Buffers are per call, not per thread: a fork-join worker may run another file's task while it waits.
        // Windows whose hashing is done go back to the pool: a large file then cycles through a few 4 MiB
        // arrays instead of allocating one per window (each is a humongous object to G1, and the heap grew
        // to its cap while scanning a 1 GiB file), and the next file reuses them.
        byte[] buf = sizeHint >= POOLED_FROM ? windows.take() : new byte[(int) Math.clamp(sizeHint + 1, 4096, WINDOW)];
        List<ChunkSizeAndHash> parts = new ArrayList<>();
        Deque<Window> inFlight = new ArrayDeque<>();
        int filled = 0;
        boolean eof = false;
        while (true) {
            while (!eof && filled < buf.length) {
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                }
            }
            // Cut only while a whole max-size chunk is in the buffer (or the input has ended), so boundaries do
            // not depend on how reads happened to split the data.
            Window window = new Window(buf, cdc.params().minSize());
            int pos = 0;
            while (pos < filled && (eof || filled - pos >= cdc.params().maxSize())) {
                int n = cdc.cut(buf, pos, filled - pos);
                if (parallel) {
                    window.add(n);
                } else {
                    // Hash right after cutting, while the chunk is still in the core's cache.
                    parts.add(new ChunkSizeAndHash(n, Hash.sha256(buf, pos, n)));
                }
                pos += n;
            }
            byte[] next = buf;
            if (parallel && window.count > 0) {
                // Hash this window on the pool while this thread reads and cuts the next one.
                window.fork();
                inFlight.addLast(window);
                if (inFlight.size() > MAX_WINDOWS_IN_FLIGHT) {
                    joinOldest(inFlight, parts);
                }
                if (eof) {
                    // All is cut (at the end the loop above cuts to the last byte): no next window to fill.
                    // Taking one anyway cost every file over 2 MiB a spare 4 MiB array.
                    while (!inFlight.isEmpty()) {
                        joinOldest(inFlight, parts); // this returns buf too: it is the last window's
                    }
                    return Manifest.of(cdc.params().version(), parts);
                }
                next = buf.length == WINDOW ? windows.take() : new byte[buf.length];
            }
            int rest = filled - pos;
            if (rest == next.length) {
                // The input is larger than its size hint said: grow so a whole max-size chunk fits.
                int grown = Math.min(
                        WINDOW, Math.max(next.length * 2, 2 * cdc.params().maxSize()));
                next = grown == WINDOW ? windows.take() : new byte[grown];
            }
            System.arraycopy(buf, pos, next, 0, rest);
            buf = next;
            filled = rest;
            if (eof && filled == 0) {
                while (!inFlight.isEmpty()) {
                    joinOldest(inFlight, parts);
                }
                windows.give(buf); // no window holds it: nothing was forked from it
                return Manifest.of(cdc.params().version(), parts);
            }
        }
    }

    /** Waits for the oldest window's hashes, then lends its buffer on: no task reads it any more. */
    private void joinOldest(Deque<Window> inFlight, List<ChunkSizeAndHash> parts) {
        Window done = inFlight.removeFirst();
        done.joinInto(parts);
        windows.give(done.buf);
    }

    /** The chunks cut from one read window, hashed as one fork-join task that splits itself in halves. */
    private static final class Window extends RecursiveAction {
        private final byte[] buf;
        private int[] cuts;
        private int count;
        private Hash[] hashes;

        Window(byte[] buf, int minChunk) {
            this.buf = buf;
            this.cuts = new int[buf.length / minChunk + 2];
        }

        void add(int size) {
            cuts[count + 1] = cuts[count] + size;
            count++;
        }

        @Override
        protected void compute() {
            hashes = new Hash[count];
            new HashRange(buf, cuts, hashes, 0, count).compute();
        }

        void joinInto(List<ChunkSizeAndHash> out) {
            join();
            for (int i = 0; i < count; i++) {
                out.add(new ChunkSizeAndHash(cuts[i + 1] - cuts[i], hashes[i]));
            }
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
