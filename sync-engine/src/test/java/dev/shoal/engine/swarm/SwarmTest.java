package dev.shoal.engine.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.chunk.Chunk;
import dev.shoal.store.chunk.Hash;
import dev.shoal.store.chunk.Manifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwarmTest {
    static final int CHUNKS = 40;
    static final int SIZE = 1000;

    final DeviceId a = device(1);
    final DeviceId b = device(2);
    final Manifest manifest = manifest();
    final Swarm swarm = new Swarm(200);

    @AfterEach
    void close() {
        swarm.close();
    }

    static DeviceId device(int n) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) n);
        return DeviceId.ofHash(h);
    }

    static byte[] content(int i) {
        byte[] data = new byte[SIZE];
        Arrays.fill(data, (byte) i);
        return data;
    }

    static Manifest manifest() {
        List<Manifest.ChunkSizeAndHash> parts = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            parts.add(new Manifest.ChunkSizeAndHash(SIZE, Hash.sha256(content(i), 0, SIZE)));
        }
        return Manifest.of(1, parts);
    }

    /** A device answering every request after {@code delayMillis}, counting what it was asked. */
    static final class Peer implements ChunkSource {
        final long delayMillis;
        final Map<Long, Integer> asked = new ConcurrentHashMap<>();
        final AtomicInteger requests = new AtomicInteger();
        volatile boolean silent;
        volatile boolean failing;

        Peer(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        @Override
        public CompletableFuture<byte[]> fetch(String folderId, String name, Chunk chunk, byte[] base) {
            requests.incrementAndGet();
            asked.merge(chunk.offset(), 1, Integer::sum);
            if (silent) {
                return new CompletableFuture<>(); // a killed process: no answer, no error
            }
            if (failing) {
                return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
            }
            int i = (int) (chunk.offset() / SIZE);
            return CompletableFuture.supplyAsync(
                    () -> content(i), CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
        }
    }

    /** Fetches every chunk the way the puller does (16 in flight) and checks each answer. */
    void fetchAll(ChunkSource source) throws Exception {
        List<CompletableFuture<byte[]>> inFlight = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            inFlight.add(source.fetch("f", "big.bin", manifest.chunks().get(i), null));
            indexes.add(i);
            if (inFlight.size() == 16) {
                assertThat(inFlight.removeFirst().get(5, TimeUnit.SECONDS)).isEqualTo(content(indexes.removeFirst()));
            }
        }
        while (!inFlight.isEmpty()) {
            assertThat(inFlight.removeFirst().get(5, TimeUnit.SECONDS)).isEqualTo(content(indexes.removeFirst()));
        }
    }

    @Test
    void chunksOfOneFileComeFromBothDevicesAtOnce() throws Exception {
        Peer pa = new Peer(5);
        Peer pb = new Peer(5);
        fetchAll(swarm.forFile(
                manifest, List.of(new Swarm.Candidate(a, pa, i -> true), new Swarm.Candidate(b, pb, i -> true))));

        assertThat(pa.requests.get()).isBetween(10, 30);
        assertThat(pb.requests.get()).isBetween(10, 30);
        assertThat(swarm.fetchedFrom(a) + swarm.fetchedFrom(b)).isEqualTo((long) CHUNKS * SIZE);
        assertThat(swarm.fetchedFrom(a)).isPositive();
        assertThat(swarm.fetchedFrom(b)).isPositive();
    }

    @Test
    void aDeviceStillDownloadingIsAskedOnlyForTheChunksItHas() throws Exception {
        Peer pa = new Peer(5);
        Peer pb = new Peer(1);
        fetchAll(swarm.forFile(
                manifest, List.of(new Swarm.Candidate(a, pa, i -> true), new Swarm.Candidate(b, pb, i -> i % 2 == 0))));

        assertThat(pb.asked.keySet()).allMatch(offset -> (offset / SIZE) % 2 == 0);
        assertThat(pb.requests.get()).isPositive();
    }

    @Test
    void aFailingDeviceIsReplacedAndNothingIsLost() throws Exception {
        Peer pa = new Peer(1);
        Peer pb = new Peer(1);
        pb.failing = true;
        fetchAll(swarm.forFile(
                manifest, List.of(new Swarm.Candidate(a, pa, i -> true), new Swarm.Candidate(b, pb, i -> true))));

        assertThat(swarm.fetchedFrom(a)).isEqualTo((long) CHUNKS * SIZE);
        assertThat(swarm.fetchedFrom(b)).isZero();
    }

    @Test
    void aDeviceThatFallsSilentMidFileIsWorkedAroundWithoutRestartingTheFile() throws Exception {
        Peer pa = new Peer(1);
        Peer pb = new Peer(1);
        ChunkSource source = swarm.forFile(
                manifest, List.of(new Swarm.Candidate(a, pa, i -> true), new Swarm.Candidate(b, pb, i -> true)));
        for (int i = 0; i < 10; i++) {
            source.fetch("f", "big.bin", manifest.chunks().get(i), null).get(5, TimeUnit.SECONDS);
        }
        pb.silent = true; // killed: its connection still looks open

        long started = System.nanoTime();
        List<CompletableFuture<byte[]>> rest = new ArrayList<>();
        for (int i = 10; i < CHUNKS; i++) {
            rest.add(source.fetch("f", "big.bin", manifest.chunks().get(i), null));
        }
        for (int i = 10; i < CHUNKS; i++) {
            assertThat(rest.get(i - 10).get(5, TimeUnit.SECONDS)).isEqualTo(content(i));
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(3_000);
        // The first ten chunks were not asked for again.
        for (int i = 0; i < 10; i++) {
            assertThat(pa.asked.getOrDefault((long) i * SIZE, 0) + pb.asked.getOrDefault((long) i * SIZE, 0))
                    .isEqualTo(1);
        }
    }

    @Test
    void aChunkNobodyHasFailsWithAMessage() {
        Peer pa = new Peer(1);
        ChunkSource source = swarm.forFile(manifest, List.of(new Swarm.Candidate(a, pa, i -> i != 3)));

        assertThatThrownBy(() -> source.fetch("f", "big.bin", manifest.chunks().get(3), null)
                        .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("no connected device has chunk 3 of big.bin");
    }
}
