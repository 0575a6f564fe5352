package dev.shoal.transport;

import static dev.shoal.transport.QuicSessionIT.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.engine.spi.PeerConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions over TLS 1.3 on TCP: the same admission, messages and requests as over QUIC, on one connection. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TcpSessionIT {
    static final QuicSettings SETTINGS = QuicSettings.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(3));

    @RegisterExtension
    static final SharedLoops LOOPS = new SharedLoops(SETTINGS);

    static PeerConnection tcp(TestNode from, TestNode to) throws Exception {
        PeerConnection c = from.endpoint.connectTcp(to.id(), to.address()).get(15, TimeUnit.SECONDS);
        c.setHandler(from.recorder());
        return c;
    }

    @Test
    void theTcpPortIsTheQuicPortNumber() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group())) {
            assertThat(a.endpoint.tcpAddress().getPort()).isEqualTo(a.address().getPort());
        }
    }

    @Test
    void pairedDevicesExchangeControlAndDataInBothDirections() throws Exception {
        try (TestNode laptop = new TestNode("laptop", SETTINGS, LOOPS.group());
                TestNode nas = new TestNode("nas", SETTINGS, LOOPS.group())) {
            laptop.pair(nas);
            PeerConnection out = tcp(laptop, nas);
            PeerConnection in = nas.nextIncoming();
            assertThat(out.transport()).isEqualTo("tcp");
            assertThat(in.transport()).isEqualTo("tcp");
            assertThat(out.device()).isEqualTo(nas.id());
            assertThat(in.device()).isEqualTo(laptop.id());
            assertThat(in.deviceName()).isEqualTo("laptop");

            QuicSessionIT.exchangeBothWays(laptop, nas, out, in);
            byte[] big = new byte[4 << 20];
            new Random(1).nextBytes(big);
            byte[] echoed = out.request(big).get(30, TimeUnit.SECONDS);
            assertThat(Arrays.copyOfRange(echoed, 5, echoed.length)).isEqualTo(big);
            long sent = out.stats().bytesSent();
            assertThat(sent).as("bytes on the wire, TLS included").isGreaterThan(4L << 20);
        }
    }

    @Test
    void pausedControlMessagesWaitWhileRequestsGoOnThenArriveInOrder() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, LOOPS.group())) {
            a.pair(b);
            PeerConnection out = tcp(a, b);
            PeerConnection in = b.nextIncoming();
            out.sendControl(utf8("before"));
            assertThat(b.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("before");
            in.pauseControlMessages(true);
            Thread.sleep(200); // the pause is applied on the transport's thread
            for (int i = 0; i < 100; i++) {
                out.sendControl(utf8("m" + i));
            }
            byte[] answer = out.request(utf8("still served")).get(10, TimeUnit.SECONDS);
            assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("echo:still served");
            assertThat(b.messages).as("control messages held while paused").isEmpty();
            in.pauseControlMessages(false);
            for (int i = 0; i < 100; i++) {
                assertThat(b.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void anUnknownDeviceIsReportedAsPendingAndRefused() throws Exception {
        try (TestNode home = new TestNode("home", SETTINGS, LOOPS.group());
                TestNode stranger = new TestNode("stranger", SETTINGS, LOOPS.group())) {
            stranger.paired.add(home.id());
            assertThatThrownBy(() -> stranger.endpoint
                            .connectTcp(home.id(), home.address())
                            .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("not paired");
            assertThat(home.pending).singleElement().satisfies(p -> assertThat(p)
                    .startsWith(stranger.id() + "|stranger|"));
            assertThat(home.incoming).isEmpty();
        }
    }

    @Test
    void aDeviceWithAnotherCertificateIsRejected() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, LOOPS.group());
                TestNode impostor = new TestNode("impostor", SETTINGS, LOOPS.group())) {
            a.pair(b);
            impostor.paired.add(a.id());
            assertThatThrownBy(() ->
                            a.endpoint.connectTcp(b.id(), impostor.address()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("expected device");
        }
    }

    @Test
    void closingTellsThePeerWhy() throws Exception {
        try (TestNode a = new TestNode("a", SETTINGS, LOOPS.group());
                TestNode b = new TestNode("b", SETTINGS, LOOPS.group())) {
            a.pair(b);
            PeerConnection out = tcp(a, b);
            PeerConnection in = b.nextIncoming();
            CompletableFuture<String> reason = new CompletableFuture<>();
            in.onClose(reason::complete);
            out.close("going to sleep");
            assertThat(reason.get(10, TimeUnit.SECONDS))
                    .contains("closed by the peer")
                    .contains("going to sleep");
        }
    }
}
