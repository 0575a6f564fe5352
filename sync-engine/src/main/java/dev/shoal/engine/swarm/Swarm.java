package dev.shoal.engine.swarm;

import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.chunk.Chunk;
import dev.shoal.store.chunk.Manifest;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * Spreads the chunk requests of a file over every connected device that has the chunks, and keeps a file
 * going when one of them goes away.
 *
 * <p>Each request goes to the device with the fewest requests outstanding, so a faster device ends up serving
 * more. A failed request is sent to the next device. A device that has had requests outstanding without a
 * single answer for a few seconds ({@link #STALL_MILLIS}) is taken for gone (a killed process leaves its QUIC connection
 * looking open until the idle timeout): its requests are sent again elsewhere and it gets no new ones.
 * Nothing already fetched is fetched again.
 */
public final class Swarm implements AutoCloseable {
    /** Long enough for a busy LAN peer to answer something, short enough that a dead one costs little. */
    public static final long STALL_MILLIS = 3_000;

    private static final long REFRESH_NANOS = 1_000_000_000L;

    /** A device that may serve chunks of the file: all of them, or those {@code has} says it holds. */
    public record Candidate(DeviceId device, ChunkSource source, IntPredicate has) {}

    private final long stallMillis;
    private final Map<DeviceId, PeerState> peers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "swarm-timer");
        t.setDaemon(true);
        return t;
    });

    public Swarm() {
        this(STALL_MILLIS);
    }

    /** @param stallMillis silence after which a device with requests outstanding is taken for gone */
    public Swarm(long stallMillis) {
        this.stallMillis = stallMillis;
    }

    /** A source for the chunks of one file with content {@code manifest}, from a fixed set of devices. */
    public ChunkSource forFile(Manifest manifest, List<Candidate> candidates) {
        List<Candidate> fixed = List.copyOf(candidates);
        return new FileSource(manifest, () -> fixed);
    }

    /**
     * A source for the chunks of one file, asking {@code candidates} again about once a second, so a device that
     * connects or gets the file meanwhile starts serving during a long transfer.
     */
    public ChunkSource forFile(Manifest manifest, Supplier<List<Candidate>> candidates) {
        return new FileSource(manifest, candidates);
    }

    /** Bytes of chunks fetched from {@code device} since start. */
    public long fetchedFrom(DeviceId device) {
        PeerState s = peers.get(device);
        return s == null ? 0 : s.fetched.sum();
    }

    private PeerState state(DeviceId device) {
        return peers.computeIfAbsent(device, d -> new PeerState());
    }

    private final class PeerState {
        final AtomicInteger outstanding = new AtomicInteger();
        /** When it last answered, or became busy after being idle. */
        final AtomicLong lastAnswer = new AtomicLong(System.nanoTime());

        final AtomicInteger failures = new AtomicInteger();
        final LongAdder fetched = new LongAdder();

        void sent() {
            if (outstanding.getAndIncrement() == 0) {
                lastAnswer.set(System.nanoTime()); // idle time is not silence
            }
        }

        boolean stalled() {
            return outstanding.get() > 0
                    && System.nanoTime() - lastAnswer.get() > TimeUnit.MILLISECONDS.toNanos(stallMillis);
        }
    }

    private final class FileSource implements ChunkSource {
        private final long[] offsets;
        private final Supplier<List<Candidate>> finder;
        private final AtomicInteger turn = new AtomicInteger();
        private volatile List<Candidate> candidates;
        private volatile long foundAt;

        FileSource(Manifest manifest, Supplier<List<Candidate>> finder) {
            this.offsets = manifest.chunks().stream().mapToLong(Chunk::offset).toArray();
            this.finder = finder;
            this.candidates = List.copyOf(finder.get());
            this.foundAt = System.nanoTime();
        }

        private List<Candidate> candidates() {
            if (System.nanoTime() - foundAt > REFRESH_NANOS) {
                synchronized (this) {
                    if (System.nanoTime() - foundAt > REFRESH_NANOS) {
                        candidates = List.copyOf(finder.get());
                        foundAt = System.nanoTime();
                    }
                }
            }
            return candidates;
        }

        @Override
        public CompletableFuture<byte[]> fetch(String folderId, String name, Chunk chunk, byte[] base) {
            int i = Arrays.binarySearch(offsets, chunk.offset());
            CompletableFuture<byte[]> result = new CompletableFuture<>();
            new Attempts(folderId, name, chunk, base, i, result).next(null);
            return result;
        }

        /** The candidate to ask for chunk {@code i}: healthy before stalled or failing, then the least busy. */
        private Candidate pick(int i, Set<DeviceId> tried) {
            List<Candidate> candidates = candidates();
            if (candidates.isEmpty()) {
                return null;
            }
            Candidate best = null;
            long bestKey = Long.MAX_VALUE;
            int n = candidates.size();
            int start = Math.floorMod(turn.getAndIncrement(), n);
            for (int k = 0; k < n; k++) {
                Candidate c = candidates.get((start + k) % n);
                if (tried.contains(c.device()) || (i >= 0 && !c.has().test(i))) {
                    continue;
                }
                PeerState s = state(c.device());
                long key = (s.stalled() ? 1L << 40 : 0) + (s.failures.get() > 0 ? 1L << 32 : 0) + s.outstanding.get();
                if (key < bestKey) {
                    best = c;
                    bestKey = key;
                }
            }
            return best;
        }

        /** The requests made for one chunk until one of them brings it. */
        private final class Attempts {
            private final String folderId;
            private final String name;
            private final Chunk chunk;
            private final byte[] base;
            private final int index;
            private final CompletableFuture<byte[]> result;
            private final Set<DeviceId> tried = ConcurrentHashMap.newKeySet();
            private final AtomicInteger running = new AtomicInteger();

            Attempts(
                    String folderId,
                    String name,
                    Chunk chunk,
                    byte[] base,
                    int index,
                    CompletableFuture<byte[]> result) {
                this.folderId = folderId;
                this.name = name;
                this.chunk = chunk;
                this.base = base;
                this.index = index;
                this.result = result;
            }

            /** Asks the next candidate; with none left, the chunk fails (unless an earlier request still runs). */
            void next(Throwable lastError) {
                if (result.isDone()) {
                    return;
                }
                Candidate c = pick(index, tried);
                if (c == null) {
                    if (running.get() == 0) {
                        result.completeExceptionally(
                                lastError != null
                                        ? lastError
                                        : new IOException("no connected device has chunk " + index + " of " + name));
                    }
                    return;
                }
                tried.add(c.device());
                PeerState s = state(c.device());
                s.sent();
                running.incrementAndGet();
                CompletableFuture<byte[]> f;
                try {
                    f = c.source().fetch(folderId, name, chunk, base);
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                f.whenComplete((data, error) -> {
                    s.outstanding.decrementAndGet();
                    s.lastAnswer.set(System.nanoTime());
                    running.decrementAndGet();
                    if (error == null) {
                        s.failures.set(0);
                        s.fetched.add(chunk.size());
                        result.complete(data);
                    } else {
                        s.failures.incrementAndGet();
                        next(error);
                    }
                });
                if (!f.isDone() && candidates().size() > 1) {
                    timer.schedule(this::hedge, stallMillis, TimeUnit.MILLISECONDS);
                }
            }

            /** Still waiting: if the device asked has gone silent, ask another one as well. */
            private void hedge() {
                if (result.isDone()) {
                    return;
                }
                boolean anyStalled = tried.stream().anyMatch(d -> state(d).stalled());
                if (anyStalled) {
                    next(null);
                } else {
                    timer.schedule(this::hedge, stallMillis, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
