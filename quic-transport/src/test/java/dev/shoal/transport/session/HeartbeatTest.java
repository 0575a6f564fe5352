package dev.shoal.transport.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(c.getAsBoolean()).isTrue();
    }

    @Test
    void aSilentPeerIsDeclaredDeadAndAnAnsweringOneGivesARoundTrip() throws Exception {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        try {
            var pings = new CopyOnWriteArrayList<byte[]>();
            AtomicLong received = new AtomicLong();
            AtomicReference<String> dead = new AtomicReference<>();
            Heartbeat[] beat = new Heartbeat[1];
            beat[0] = new Heartbeat(Duration.ofMillis(50), new Heartbeat.Link() {
                @Override
                public void sendPing(byte[] body) {
                    pings.add(body);
                }

                @Override
                public CompletableFuture<Long> received() {
                    return CompletableFuture.completedFuture(received.get());
                }

                @Override
                public void dead(String reason) {
                    dead.set(reason);
                    beat[0].stop();
                }
            });
            beat[0].start(loop);
            await(() -> !pings.isEmpty());
            loop.submit(() -> beat[0].pong(pings.getFirst())).get();
            assertThat(beat[0].rttMillis()).isGreaterThan(0);
            // From now on nothing comes back and nothing is received: dead within a couple of intervals.
            await(() -> dead.get() != null);
            assertThat(dead.get()).contains("stopped answering");
        } finally {
            loop.shutdownNow();
        }
    }
}
