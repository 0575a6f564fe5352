package dev.shoal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.transport.session.CloseCode;
import dev.shoal.transport.session.Hello;
import dev.shoal.transport.session.Session;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicStreamType;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions over real QUIC on loopback: admission, streams, timeouts, malformed input, many connections. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class QuicSessionIT {
    static final QuicSettings SETTINGS = QuicSettings.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(2));

    @RegisterExtension
    static final SharedLoops LOOPS = new SharedLoops(SETTINGS);

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDevicePausingControlMessagesHoldsThePeersSenderBackAndThenGetsEveryMessageInOrder() throws Exception {
        try (TestNode laptop = new TestNode("laptop", SETTINGS, LOOPS.group());
                TestNode nas = new TestNode("nas", SETTINGS, LOOPS.group())) {
            laptop.pair(nas);
            PeerConnection out = laptop.connect(nas);
            PeerConnection in = nas.nextIncoming();
            out.sendControl(utf8("before"));
            assertThat(nas.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("before");

            in.pauseControlMessages(true);
            Thread.sleep(200); // the pause is applied on the transport's thread
            int count = 768; // 48 MiB of messages, far more than the control stream's window
            byte[] padding = new byte[64 << 10];
            java.util.Arrays.fill(padding, (byte) 'x');
            for (int i = 0; i < count; i++) {
                byte[] m = padding.clone();
                byte[] tag = utf8(i + ":");
                System.arraycopy(tag, 0, m, 0, tag.length);
                out.sendControl(m);
            }
            Thread.sleep(1500); // what the flow-control window lets through leaves the sender's backlog
            assertThat(nas.messages.size())
                    .as("messages delivered while paused")
                    .isZero();
            assertThat(out.controlBacklog())
                    .as("all but the control stream's window waits on the sending device")
                    .isGreaterThan((48L << 20) - 2 * QuicEndpoint.CONTROL_WINDOW);
            assertThat(in.isOpen()).isTrue();

            in.pauseControlMessages(false);
            for (int i = 0; i < count; i++) {
                String m = nas.messages.poll(20, TimeUnit.SECONDS);
                assertThat(m).as("message " + i).startsWith(i + ":").hasSize(64 << 10);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (out.controlBacklog() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(out.controlBacklog()).isZero();
        }
    }

    @Test
    void pairedDevicesExchangeControlAndDataInBothDirections() throws Exception {
        try (TestNode laptop = new TestNode("laptop", SETTINGS, LOOPS.group());
                TestNode nas = new TestNode("nas", SETTINGS, LOOPS.group())) {
            laptop.pair(nas);
            PeerConnection out = laptop.connect(nas);
            PeerConnection in = nas.nextIncoming();

            assertThat(out.device()).isEqualTo(nas.id());
            assertThat(out.deviceName()).isEqualTo("nas");
            assertThat(in.device()).isEqualTo(laptop.id());
            assertThat(in.deviceName()).isEqualTo("laptop");

            exchangeBothWays(laptop, nas, out, in);

            byte[] big = new byte[4 << 20];
            new Random(1).nextBytes(big);
            byte[] echoed = out.request(big).get(30, TimeUnit.SECONDS);
            assertThat(echoed.length).isEqualTo(big.length + 5);
        }
    }

    /**
     * Control messages both ways arrive in order, and 64 requests each way are answered: what every session does
     * whatever carries it. {@code out} is {@code from}'s connection to {@code to}, {@code in} the other end.
     */
    static void exchangeBothWays(TestNode from, TestNode to, PeerConnection out, PeerConnection in) throws Exception {
        for (int i = 0; i < 5; i++) {
            out.sendControl(utf8("to-" + to.name + "-" + i));
            in.sendControl(utf8("to-" + from.name + "-" + i));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(to.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("to-" + to.name + "-" + i);
            assertThat(from.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("to-" + from.name + "-" + i);
        }
        List<CompletableFuture<byte[]>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            answers.add(out.request(utf8("chunk-" + i)));
            answers.add(in.request(utf8("back-" + i)));
        }
        for (int i = 0; i < 64; i++) {
            assertThat(new String(answers.get(2 * i).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                    .isEqualTo("echo:chunk-" + i);
            assertThat(new String(answers.get(2 * i + 1).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                    .isEqualTo("echo:back-" + i);
        }
    }

    @Test
    void controlMessagesAreNotHeldUpByABulkTransfer() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, LOOPS.group())) {
            a.pair(b);
            PeerConnection out = a.connect(b);
            b.nextIncoming();
            List<CompletableFuture<byte[]>> bulk = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                bulk.add(out.request(new byte[8 << 20])); // 256 MiB of echo traffic in flight
            }
            long t = System.nanoTime();
            out.sendControl(utf8("urgent"));
            assertThat(b.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("urgent");
            long controlMillis = (System.nanoTime() - t) / 1_000_000;
            boolean bulkStillRunning = bulk.stream().anyMatch(f -> !f.isDone());
            CompletableFuture.allOf(bulk.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(bulkStillRunning)
                    .as("the control message overtook the bulk transfer")
                    .isTrue();
            assertThat(controlMillis).isLessThan(2000);
        }
    }

    @Test
    void unknownDeviceIsReportedAsPendingAndReceivesNothing() throws Exception {
        try (TestNode home = new TestNode("home", SETTINGS, LOOPS.group());
                TestNode stranger = new TestNode("stranger", SETTINGS, LOOPS.group())) {
            stranger.paired.add(home.id()); // the stranger knows us, we do not know it
            assertThatThrownBy(() ->
                            stranger.endpoint.connect(home.id(), home.address()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("not paired");
            assertThat(home.pending).singleElement().satisfies(p -> assertThat(p)
                    .isEqualTo(stranger.id() + "|stranger|127.0.0.1:"
                            + stranger.address().getPort()));
            assertThat(home.incoming).isEmpty();
            assertThat(stranger.messages).isEmpty();
        }
    }

    @Test
    void eachDeviceSendsAndReceivesOnItsOneUdpPort() throws Exception {
        bothDialOverOnePortEach(SETTINGS, LOOPS.group());
    }

    @Test
    void theNioTransportSharesThePortToo() throws Exception {
        bothDialOverOnePortEach(SETTINGS.withEpoll(false, 1), null);
    }

    private static void bothDialOverOnePortEach(QuicSettings settings, EventLoopGroup loops) throws Exception {
        try (TestNode a = new TestNode("a", settings, loops);
                TestNode b = new TestNode("b", settings, loops)) {
            a.pair(b);
            assertThat(a.endpoint.outgoingAddress()).isEqualTo(a.address());
            // Both dial at once: two connections over the same pair of ports, told apart by connection id.
            CompletableFuture<PeerConnection> ab = a.endpoint.connect(b.id(), b.address());
            CompletableFuture<PeerConnection> ba = b.endpoint.connect(a.id(), a.address());
            PeerConnection fromA = ab.get(15, TimeUnit.SECONDS);
            PeerConnection fromB = ba.get(15, TimeUnit.SECONDS);
            PeerConnection atB = b.nextIncoming();
            PeerConnection atA = a.nextIncoming();
            for (PeerConnection c : List.of(fromA, fromB, atA, atB)) {
                c.setHandler(a.recorder());
            }
            byte[] big = new byte[3 << 20];
            new Random(7).nextBytes(big);
            for (PeerConnection c : List.of(fromA, fromB, atA, atB)) {
                byte[] answer = c.request(big).get(30, TimeUnit.SECONDS);
                assertThat(answer).hasSize(big.length + 5);
                assertThat(ByteBuffer.wrap(answer, 5, big.length)).isEqualTo(ByteBuffer.wrap(big));
            }
            // What a device sees of an incoming peer is the address to dial it back on.
            assertThat(((Session) atB).remoteAddress()).isEqualTo(a.address());
            assertThat(((Session) atA).remoteAddress()).isEqualTo(b.address());
        }
    }

    @Test
    void aPeerThatFallsSilentIsDroppedByThePingHealthCheck() throws Exception {
        QuicSettings fast = SETTINGS.withPingInterval(Duration.ofMillis(400));
        EventLoopGroup peerLoop = QuicEndpoint.newGroup(1, fast);
        try (TestNode a = new TestNode("a", fast, LOOPS.group());
                TestNode b = new TestNode("b", fast, peerLoop)) {
            a.pair(b);
            PeerConnection c = a.endpoint.connect(b.id(), b.address()).get(15, TimeUnit.SECONDS);
            CompletableFuture<String> closed = new CompletableFuture<>();
            c.setHandler(new dev.shoal.engine.spi.PeerHandler() {
                @Override
                public void control(byte[] message) {}

                @Override
                public CompletableFuture<byte[]> request(byte[] request) {
                    return CompletableFuture.completedFuture(new byte[0]);
                }

                @Override
                public void closed(String reason) {
                    closed.complete(reason);
                }
            });
            b.nextIncoming();
            Thread.sleep(2_000); // five ping intervals with an answering peer: nothing may close
            assertThat(c.isOpen()).isTrue();

            CountDownLatch thaw = new CountDownLatch(1);
            peerLoop.next().execute(() -> {
                try {
                    thaw.await(20, TimeUnit.SECONDS); // the peer's only thread is stuck: it sends nothing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                assertThat(closed.get(10, TimeUnit.SECONDS)).contains("stopped answering pings");
            } finally {
                thaw.countDown();
            }
        } finally {
            peerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPeerWhosePongWaitsBehindALongControlBacklogStaysConnected() throws Exception {
        QuicSettings fast = SETTINGS.withPingInterval(Duration.ofSeconds(1));
        try (TestNode a = new TestNode("a", fast, LOOPS.group());
                TestNode b = new TestNode("b", fast, LOOPS.group())) {
            a.pair(b);
            PeerConnection out = a.connect(b);
            PeerConnection in = b.nextIncoming();
            // About 250 MB of control messages from b (a huge index): b's pongs queue behind them for
            // more than a ping interval, but bytes keep arriving, so a must not take b for dead.
            byte[] part = new byte[2 << 20];
            for (int i = 0; i < 120; i++) {
                in.sendControl(part);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (a.messages.size() < 120 && out.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(50); // bounded poll for the messages to arrive
            }
            assertThat(a.messages)
                    .as("every control message arrived (closed: %s)", ((Session) out).closeReason())
                    .hasSize(120);
            assertThat(out.isOpen()).isTrue();
            assertThat(in.isOpen()).isTrue();
        }
    }

    @Test
    void theControlBacklogHoldsWhatAFrozenPeerHasNotTakenAndWaitersRunOnceItDrains() throws Exception {
        EventLoopGroup peerLoop = QuicEndpoint.newGroup(1, SETTINGS);
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, peerLoop)) {
            a.pair(b);
            PeerConnection out = a.connect(b);
            b.nextIncoming();
            CountDownLatch thaw = new CountDownLatch(1);
            peerLoop.next().execute(() -> {
                try {
                    thaw.await(20, TimeUnit.SECONDS); // b reads nothing: only QUIC's windows take a's bytes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int messages = 48;
            byte[] part = new byte[1 << 20];
            CompletableFuture<Long> drained = new CompletableFuture<>();
            try {
                for (int i = 0; i < messages; i++) {
                    out.sendControl(part);
                }
                out.whenControlBacklogBelow(1 << 20, () -> drained.complete(out.controlBacklog()));
                Thread.sleep(1_000); // the stream window (16 MiB) fills; the rest must stay queued here
                assertThat(out.controlBacklog())
                        .as("queued beyond the peer's windows")
                        .isGreaterThan(16L << 20);
                assertThat(drained).isNotDone();
            } finally {
                thaw.countDown();
            }
            assertThat(drained.get(30, TimeUnit.SECONDS)).isLessThan(1L << 20);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (b.messages.size() < messages && System.nanoTime() < deadline) {
                Thread.sleep(50); // bounded poll for the rest to arrive
            }
            assertThat(b.messages).hasSize(messages);
            assertThat(out.controlBacklog()).isZero();
        } finally {
            peerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void endpointsOnAnyPortEachGetAPortOfTheirOwn() throws Exception {
        // With SO_REUSEPORT the kernel may hand port 0 a port another such socket holds; two endpoints would
        // then split each other's datagrams.
        List<TestNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                nodes.add(new TestNode("n" + i, SETTINGS, LOOPS.group()));
            }
            assertThat(nodes.stream().map(n -> n.address().getPort()).distinct())
                    .hasSize(nodes.size());
        } finally {
            nodes.forEach(TestNode::close);
        }
    }

    @Test
    void aSecondEndpointOnAPortInUseIsRefused() throws Exception {
        try (TestNode first = new TestNode("first", SETTINGS, LOOPS.group())) {
            assertThatThrownBy(() -> new TestNode(
                            "second", SETTINGS, LOOPS.group(), first.address().getPort()))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void deviceWithAnotherCertificateAtAKnownAddressIsRejected() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode impostor = new TestNode("nas", SETTINGS, LOOPS.group());
                TestNode realNas = new TestNode("nas", SETTINGS, LOOPS.group())) {
            a.pair(realNas);
            impostor.paired.add(a.id());
            // a dials the address where it expects its NAS, but another device answers there.
            assertThatThrownBy(() ->
                            a.endpoint.connect(realNas.id(), impostor.address()).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("expected device " + realNas.id());
            assertThat(impostor.incoming).isEmpty();
        }
    }

    @Test
    void silentPeerHitsTheHandshakeTimeout() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            long t = System.nanoTime();
            InetSocketAddress silent =
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), blackHole.getLocalPort());
            assertThatThrownBy(() -> a.endpoint.connect(a.id(), silent).get(20, TimeUnit.SECONDS))
                    .hasMessageContaining("no handshake within 2000 ms");
            assertThat((System.nanoTime() - t) / 1e9).isBetween(1.5, 10.0);
        }
        // A peer that completes TLS but never says hello is closed with code 2 by the server.
        try (TestNode server = new TestNode("server", SETTINGS, LOOPS.group())) {
            var mute = TestNode.CERTS.create("mute");
            server.paired.add(mute.deviceId());
            try (RawQuicClient raw = new RawQuicClient(LOOPS.group(), mute, server.address())) {
                assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCode.HANDSHAKE_TIMEOUT.code);
            }
        }
    }

    @Test
    void malformedAndOversizedFramesCloseWithCode3AndTheEndpointKeepsServing() throws Exception {
        try (TestNode server = new TestNode("server", SETTINGS, LOOPS.group());
                TestNode friend = new TestNode("friend", SETTINGS, LOOPS.group())) {
            server.pair(friend);
            var fuzzer = TestNode.CERTS.create("fuzzer");
            server.paired.add(fuzzer.deviceId());
            Random random = new Random(7);

            // Oversized frame header: 2 GiB announced.
            try (RawQuicClient raw = new RawQuicClient(LOOPS.group(), fuzzer, server.address())) {
                raw.write(
                        QuicStreamType.UNIDIRECTIONAL,
                        ByteBuffer.allocate(4).putInt(0x7fff_fff0).array());
                assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCode.PROTOCOL_ERROR.code);
                assertThat(raw.closeReason.get()).contains("exceeds the limit");
            }
            // A message before any hello.
            try (RawQuicClient raw = new RawQuicClient(LOOPS.group(), fuzzer, server.address())) {
                raw.write(QuicStreamType.UNIDIRECTIONAL, new byte[] {0, 0, 0, 3, 2, 'h', 'i'});
                assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCode.PROTOCOL_ERROR.code);
            }
            // A garbled hello, and random bytes on a data stream.
            for (int round = 0; round < 5; round++) {
                byte[] garbage = new byte[20 + random.nextInt(200)];
                random.nextBytes(garbage);
                ByteBuffer frame = ByteBuffer.allocate(garbage.length + 5)
                        .putInt(garbage.length + 1)
                        .put((byte) 1);
                frame.put(garbage);
                try (RawQuicClient raw = new RawQuicClient(LOOPS.group(), fuzzer, server.address())) {
                    raw.write(QuicStreamType.UNIDIRECTIONAL, frame.array());
                    assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isIn(CloseCode.PROTOCOL_ERROR.code);
                }
                try (RawQuicClient raw = new RawQuicClient(LOOPS.group(), fuzzer, server.address())) {
                    raw.write(QuicStreamType.BIDIRECTIONAL, garbage);
                    assertThat(raw.closeCode.get(10, TimeUnit.SECONDS))
                            .isIn(CloseCode.PROTOCOL_ERROR.code, CloseCode.HANDSHAKE_TIMEOUT.code);
                }
            }
            // A wrong protocol version in an otherwise good hello: a clear handshake failure.
            try (RawQuicClient raw = new RawQuicClient(LOOPS.group(), fuzzer, server.address())) {
                byte[] hello = new Hello(99, "future", List.of()).encode();
                ByteBuffer frame = ByteBuffer.allocate(hello.length + 5)
                        .putInt(hello.length + 1)
                        .put((byte) 1);
                raw.write(QuicStreamType.UNIDIRECTIONAL, frame.put(hello).array());
                assertThat(raw.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCode.HANDSHAKE_FAILED.code);
                assertThat(raw.closeReason.get())
                        .contains("protocol version 99")
                        .contains("Update Shoal");
            }

            PeerConnection ok = friend.connect(server);
            assertThat(new String(ok.request(utf8("still there?")).get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                    .isEqualTo("echo:still there?");
        }
    }

    @Test
    void hundredSimultaneousConnectionsToOneEndpoint() throws Exception {
        // The product's 10 s handshake timeout: a hundred handshakes at once on a loaded 2-core CI machine.
        // All hundred come from 127.0.0.1 at once: a hub allowing that many to wait for admission from one address.
        QuicSettings patient =
                SETTINGS.withHandshakeTimeout(Duration.ofSeconds(10)).withUnadmittedLimits(100, 100);
        try (TestNode hub = new TestNode("hub", patient, LOOPS.group())) {
            List<TestNode> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    TestNode c = new TestNode("client-" + i, patient, LOOPS.group());
                    c.pair(hub);
                    clients.add(c);
                }
                List<CompletableFuture<PeerConnection>> dials = new ArrayList<>();
                for (TestNode c : clients) {
                    dials.add(c.endpoint.connect(hub.id(), hub.address()));
                }
                List<CompletableFuture<byte[]>> answers = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    PeerConnection conn = dials.get(i).get(30, TimeUnit.SECONDS);
                    answers.add(conn.request(utf8("hi " + i)));
                }
                for (int i = 0; i < 100; i++) {
                    assertThat(new String(answers.get(i).get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                            .isEqualTo("echo:hi " + i);
                }
                assertThat(hub.endpoint.sessions()).hasSize(100);
            } finally {
                clients.forEach(TestNode::close);
            }
        }
    }

    @Test
    void statisticsCountBytesOnTheWire() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, LOOPS.group())) {
            a.pair(b);
            PeerConnection out = a.connect(b);
            out.request(new byte[3 << 20]).get(20, TimeUnit.SECONDS);
            var stats =
                    ((dev.shoal.transport.session.Session) out).refreshStats().get(5, TimeUnit.SECONDS);
            assertThat(stats.bytesSent()).isBetween(3L << 20, (3L << 20) * 11 / 10);
            assertThat(stats.bytesReceived()).isBetween(3L << 20, (3L << 20) * 11 / 10);
        }
    }
}
