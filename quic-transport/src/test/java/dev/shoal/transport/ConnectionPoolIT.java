package dev.shoal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.ConnectionState;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.transport.pool.Backoff;
import dev.shoal.transport.pool.ConnectionPool;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConnectionPoolIT {
    static final QuicSettings SETTINGS = QuicSettings.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(2));
    EventLoopGroup group;
    ScheduledExecutorService scheduler;

    @BeforeEach
    void setUp() {
        group = QuicEndpoint.newGroup(2, SETTINGS);
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    record Event(long millis, DeviceId device, ConnectionState state, String reason) {}

    static final class Recorder implements ConnectionPool.Listener {
        final long start = System.nanoTime();
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void stateChanged(DeviceId device, ConnectionState state, String reason) {
            events.add(new Event((System.nanoTime() - start) / 1_000_000, device, state, reason));
        }

        @Override
        public void connected(PeerConnection connection) {}

        long count(ConnectionState state) {
            return events.stream().filter(e -> e.state() == state).count();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void reconnectsAutomaticallyAfterTheServerRestarts() throws Exception {
        TestNode server = new TestNode("server", SETTINGS, group);
        int port = server.address().getPort();
        var serverIdentity = server.identity;
        Recorder recorder = new Recorder();
        try (TestNode client = new TestNode("client", SETTINGS, group);
                ConnectionPool pool = new ConnectionPool(
                        client.id(),
                        client.endpoint,
                        scheduler,
                        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)),
                        recorder)) {
            client.pair(server);
            pool.addPeer(server.id(), () -> List.of(server.address()));
            await(() -> pool.connection(server.id()).isPresent(), "connected");

            server.close();
            await(() -> recorder.count(ConnectionState.DISCONNECTED) == 1, "the loss is noticed");
            await(() -> recorder.count(ConnectionState.FAILED) >= 2, "two redials failed");

            TestNode restarted = new TestNode("server", serverIdentity, SETTINGS, group, port);
            try {
                restarted.paired.add(client.id());
                await(() -> pool.connection(server.id()).isPresent(), "reconnected");
                PeerConnection c = pool.connection(server.id()).orElseThrow();
                c.setHandler(client.recorder());
                assertThat(new String(c.request("back?".getBytes()).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                        .isEqualTo("echo:back?");
            } finally {
                restarted.close();
            }
        }
        List<Event> failures = recorder.events.stream()
                .filter(e -> e.state() == ConnectionState.FAILED)
                .toList();
        assertThat(failures.getFirst().reason()).contains("next try in 500 ms");
        assertThat(failures.get(1).reason()).contains("next try in 1000 ms");
        assertThat(recorder.events).extracting(Event::state).contains(ConnectionState.RECONNECTING);
        assertThat(recorder.events.getLast().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void devicesDiallingEachOtherAtOnceAgreeOnOneConnection() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, group);
                TestNode b = new TestNode("b", SETTINGS, group)) {
            a.pair(b);
            Recorder ra = new Recorder();
            Recorder rb = new Recorder();
            try (ConnectionPool pa = new ConnectionPool(a.id(), a.endpoint, scheduler, Backoff.DEFAULT, ra);
                    ConnectionPool pb = new ConnectionPool(b.id(), b.endpoint, scheduler, Backoff.DEFAULT, rb)) {
                // Incoming connections reach each pool through the node's transport listener.
                Thread feedA = Thread.ofVirtual().start(() -> feed(a, pa));
                Thread feedB = Thread.ofVirtual().start(() -> feed(b, pb));
                pa.addPeer(b.id(), () -> List.of(b.address()));
                pb.addPeer(a.id(), () -> List.of(a.address()));
                // Agreement is eventual (each side first keeps what it dialled): wait, bounded, until both pools
                // hold the two ends of one connection and each endpoint has closed its duplicate.
                await(
                        () -> {
                            var ca = pa.connection(b.id());
                            var cb = pb.connection(a.id());
                            return ca.isPresent()
                                    && cb.isPresent()
                                    && ca.get().outgoing() != cb.get().outgoing()
                                    && a.endpoint.sessions().size() == 1
                                    && b.endpoint.sessions().size() == 1;
                        },
                        "both devices agree on one connection");
                PeerConnection ca = pa.connection(b.id()).orElseThrow();
                PeerConnection cb = pb.connection(a.id()).orElseThrow();
                assertThat(ca.outgoing()).isNotEqualTo(cb.outgoing());
                assertThat(ca.remoteAddress().getPort() == b.address().getPort()
                                || cb.remoteAddress().getPort() == a.address().getPort())
                        .isTrue();
                assertThat(a.endpoint.sessions()).hasSize(1);
                assertThat(b.endpoint.sessions()).hasSize(1);
                feedA.interrupt();
                feedB.interrupt();
            }
        }
    }

    private static void feed(TestNode node, ConnectionPool pool) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                PeerConnection c = node.incoming.poll(100, TimeUnit.MILLISECONDS);
                if (c != null) {
                    pool.incoming(c);
                }
            }
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }
}
