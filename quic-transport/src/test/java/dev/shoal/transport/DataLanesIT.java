package dev.shoal.transport;

import static dev.shoal.transport.QuicSessionIT.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.transport.session.Hello;
import dev.shoal.transport.session.Session;
import io.netty.handler.codec.quic.QuicStreamType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many requests sharing a few long-lived data streams, over real QUIC on loopback. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DataLanesIT {
    static final QuicSettings SETTINGS = QuicSettings.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5));

    @RegisterExtension
    static final SharedLoops LOOPS = new SharedLoops(SETTINGS);

    @Test
    void answersReadyOutOfOrderReachTheRequestsThatAskedForThem() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, LOOPS.group())) {
            a.pair(b);
            PeerConnection out = a.connect(b);
            Map<String, CompletableFuture<byte[]>> held = new ConcurrentHashMap<>();
            b.nextIncoming().setHandler(new PeerHandler() {
                @Override
                public void control(byte[] message) {}

                @Override
                public CompletableFuture<byte[]> request(byte[] request) {
                    String text = new String(request, StandardCharsets.UTF_8);
                    if (text.startsWith("slow")) {
                        return held.computeIfAbsent(text, k -> new CompletableFuture<>());
                    }
                    return CompletableFuture.completedFuture(("answer to " + text).getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public void closed(String reason) {}
            });

            // The new handler takes over on the connection's event loop, after requests already being read there.
            long installed = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text(out.request(utf8("ready?")).get(10, TimeUnit.SECONDS)).equals("answer to ready?")) {
                assertThat(System.nanoTime()).as("the handler never took over").isLessThan(installed);
            }
            List<CompletableFuture<byte[]>> slow = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                slow.add(out.request(utf8("slow-" + i)));
            }
            // More requests than lanes, all behind unanswered ones on every lane: they still complete.
            for (int i = 0; i < 50; i++) {
                assertThat(text(out.request(utf8("quick-" + i)).get(10, TimeUnit.SECONDS)))
                        .isEqualTo("answer to quick-" + i);
            }
            assertThat(slow).noneMatch(CompletableFuture::isDone);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (held.size() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(held).hasSize(20);
            for (int i = 19; i >= 0; i--) { // answered last first
                held.get("slow-" + i).complete(utf8("late answer " + i));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(text(slow.get(i).get(10, TimeUnit.SECONDS))).isEqualTo("late answer " + i);
            }
        }
    }

    @Test
    void aPeerThatAsksAndNeverReadsIsHeldBackAndOthersAreStillServed() throws Exception {
        try (TestNode hub = new TestNode("hub", SETTINGS, LOOPS.group());
                TestNode friend = new TestNode("friend", SETTINGS, LOOPS.group())) {
            hub.pair(friend);
            var greedy = TestNode.CERTS.create("greedy");
            hub.paired.add(greedy.deviceId());
            try (RawQuicClient raw = new RawQuicClient(LOOPS.group(), greedy, hub.address())) {
                raw.write(
                        QuicStreamType.UNIDIRECTIONAL,
                        frame((byte) 1, -1, new Hello(Hello.PROTOCOL_VERSION, "greedy", List.of()).encode()));
                Session session = sessionOf(hub, "greedy");
                // 2,000 requests of 64 KiB, each echoed back: 128 MiB of answers to a peer that reads none.
                int count = 2000;
                ByteBuffer requests = ByteBuffer.allocate(count * (9 + (64 << 10)));
                for (int id = 0; id < count; id++) {
                    requests.put(frame((byte) 5, id, new byte[64 << 10]));
                }
                raw.askWithoutReading(requests.array());

                int maxSeen = 0;
                for (int i = 0; i < 20; i++) {
                    Thread.sleep(100);
                    maxSeen = Math.max(maxSeen, session.requestsBeingServed().get(5, TimeUnit.SECONDS));
                }
                assertThat(maxSeen)
                        .as("requests taken in while the peer reads no answers")
                        .isGreaterThan(0)
                        .isLessThan(200);

                PeerConnection ok = friend.connect(hub);
                assertThat(text(ok.request(utf8("still there?")).get(10, TimeUnit.SECONDS)))
                        .isEqualTo("echo:still there?");
            }
        }
    }

    private static Session sessionOf(TestNode node, String peerName) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Session s : node.endpoint.sessions()) {
                if (s.deviceName().equals(peerName) && s.isOpen()) {
                    return s;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError(peerName + " never got a session");
    }

    /** A frame as on the wire; {@code id} < 0 for the control stream's untagged frames. */
    private static byte[] frame(byte type, int id, byte[] body) {
        int header = id < 0 ? 5 : 9;
        ByteBuffer b = ByteBuffer.allocate(header + body.length)
                .putInt(header - 4 + body.length)
                .put(type);
        if (id >= 0) {
            b.putInt(id);
        }
        return b.put(body).array();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
