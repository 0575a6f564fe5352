package dev.shoal.transport;

import static dev.shoal.transport.QuicSessionIT.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.transport.session.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A QUIC session's TCP bulk lane: offered, joined, used for requests, and left for QUIC when it breaks. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BulkLaneIT {
    static final QuicSettings SETTINGS = QuicSettings.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(3));

    @RegisterExtension
    static final SharedLoops LOOPS = new SharedLoops(SETTINGS);

    static void awaitLane(PeerConnection c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.transport().equals("quic+tcp") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(c.transport()).as("a bulk lane came up").isEqualTo("quic+tcp");
    }

    @Test
    void requestsTravelOnTheLaneOnceItIsUp() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, LOOPS.group())) {
            a.pair(b);
            PeerConnection out = a.connect(b);
            PeerConnection in = b.nextIncoming();
            awaitLane(out);
            awaitLane(in);
            long quicBefore =
                    ((Session) out).refreshStats().get(5, TimeUnit.SECONDS).bytesReceived();
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                answers.add(out.request(new byte[1 << 20]));
                answers.add(in.request(utf8("back-" + i)));
            }
            for (CompletableFuture<byte[]> f : answers) {
                f.get(20, TimeUnit.SECONDS);
            }
            assertThat(new String(in.request(utf8("x")).get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                    .isEqualTo("echo:x");
            long received = out.stats().bytesReceived() - quicBefore;
            assertThat(received).as("32 MiB of answers counted").isGreaterThan(32L << 20);
            assertThat(out.isOpen()).isTrue();
        }
    }

    @Test
    void requestsLostWithALaneGoAgainOnQuicAndAnsweredOnesAreNotAskedTwice() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, LOOPS.group())) {
            a.pair(b);
            PeerConnection out = a.connect(b);
            PeerConnection in = b.nextIncoming();
            awaitLane(out);
            // b answers slowly and counts every request it is asked, by body.
            List<String> asked = new CopyOnWriteArrayList<>();
            in.setHandler(new PeerHandler() {
                @Override
                public void control(byte[] message) {}

                @Override
                public CompletableFuture<byte[]> request(byte[] request) {
                    String body = new String(request, StandardCharsets.UTF_8);
                    asked.add(body);
                    int n = Integer.parseInt(body.substring(1));
                    return CompletableFuture.supplyAsync(
                            () -> request, CompletableFuture.delayedExecutor(100L * n, TimeUnit.MILLISECONDS));
                }

                @Override
                public void closed(String reason) {}
            });
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(out.request(utf8("r" + i)));
            }
            answers.get(2).get(10, TimeUnit.SECONDS);
            List<String> answeredBeforeCut = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                if (answers.get(i).isDone()) {
                    answeredBeforeCut.add("r" + i);
                }
            }
            ((Session) in).dropLane("cut for the test");
            for (int i = 0; i < 20; i++) {
                assertThat(new String(answers.get(i).get(20, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                        .isEqualTo("r" + i);
            }
            assertThat(out.transport()).isEqualTo("quic");
            assertThat(out.isOpen()).as("the QUIC session outlives its lane").isTrue();
            assertThat(answeredBeforeCut).contains("r0", "r1", "r2").doesNotContain("r19");
            for (String done : answeredBeforeCut) {
                assertThat(asked.stream().filter(done::equals).count())
                        .as("%s was answered on the lane and not asked again", done)
                        .isEqualTo(1);
            }
            assertThat(asked.stream().filter("r19"::equals).count())
                    .as("r19, lost with the lane, was asked again over QUIC")
                    .isEqualTo(2);
        }
    }

    @Test
    void aWrongTokenOrAnUnpairedDeviceOnTheTcpPortGetsNothingAndIsClosed() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, LOOPS.group());
                TestNode stranger = new TestNode("stranger", SETTINGS, LOOPS.group())) {
            a.pair(b);
            PeerConnection out = a.connect(b);
            b.nextIncoming();
            awaitLane(out);
            Session session = (Session) out;
            // the paired device with a guessed token, and a stranger: both refused before anything else
            assertThat(RawLaneClient.join(a.identity, b.endpoint.tcpAddress(), new byte[LaneTokens.TOKEN_BYTES]))
                    .contains("lane token");
            assertThat(RawLaneClient.join(stranger.identity, b.endpoint.tcpAddress(), new byte[LaneTokens.TOKEN_BYTES]))
                    .contains("lane token");
            assertThat(session.isOpen()).isTrue();
            assertThat(b.pending).isEmpty();
        }
    }
}
