package dev.shoal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.transport.nat.TurnClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device reached through its relay allocation on a real coturn (loopback): the session, admission and bulk
 * data run through the server, and a wrong password is reported as such.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RelayIT {
    static final QuicSettings SETTINGS = QuicSettings.DEFAULT;

    @RegisterExtension
    static final SharedLoops LOOPS = new SharedLoops(SETTINGS);

    @TempDir
    Path tmp;

    private static InetSocketAddress allocated(TurnClient relay) throws Exception {
        try {
            return relay.start().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("no allocation: " + relay.error(), e);
        }
    }

    @Test
    void aPairedDeviceReachesAnotherAtItsRelayedAddressAndDataCrossesIntact() throws Exception {
        assumeTrue(Coturn.installed(), "skipped: needs coturn (CI installs it)");
        try (Coturn coturn = Coturn.start(tmp);
                TestNode home = new TestNode("home", SETTINGS, LOOPS.group());
                TestNode away = new TestNode("away", SETTINGS, LOOPS.group())) {
            home.pair(away);
            TurnClient relay =
                    home.endpoint.nat().relay(new TurnClient.Server(coturn.address, Coturn.USER, Coturn.PASSWORD));
            InetSocketAddress relayed = allocated(relay);
            assertThat(relayed.getPort()).isNotEqualTo(home.address().getPort());
            relay.permit(Set.of(InetAddress.getLoopbackAddress()));

            PeerConnection out = away.endpoint.connect(home.id(), relayed).get(20, TimeUnit.SECONDS);
            out.setHandler(away.recorder());
            PeerConnection in = home.nextIncoming();
            assertThat(in.device()).isEqualTo(away.id());
            assertThat(out.remoteAddress()).isEqualTo(relayed);
            assertThat(home.endpoint.nat().relayed(in.remoteAddress()))
                    .as("the home side knows the session runs through its relay")
                    .isTrue();
            assertThat(home.endpoint.nat().relayed(out.remoteAddress())).isFalse();
            Thread.sleep(500); // a lane would be offered right after admission: none is, the relay carries all
            assertThat(out.transport()).isEqualTo("quic");

            // Requests and answers of many packets each, both ways: GSO batches are split into datagrams that
            // each fit the relay's framing, and everything arrives intact.
            byte[] big = new byte[3 << 20];
            new Random(7).nextBytes(big);
            byte[] echoed = out.request(big).get(60, TimeUnit.SECONDS);
            assertThat(Arrays.copyOfRange(echoed, 5, echoed.length)).isEqualTo(big);
            byte[] back = in.request("ping".getBytes()).get(20, TimeUnit.SECONDS);
            assertThat(new String(back)).isEqualTo("echo:ping");
        }
    }

    @Test
    void anUnpairedDeviceComingThroughTheRelayIsRefusedLikeOnTheLan() throws Exception {
        assumeTrue(Coturn.installed(), "skipped: needs coturn (CI installs it)");
        try (Coturn coturn = Coturn.start(tmp);
                TestNode home = new TestNode("home", SETTINGS, LOOPS.group());
                TestNode stranger = new TestNode("stranger", SETTINGS, LOOPS.group())) {
            stranger.paired.add(home.id()); // the stranger trusts home; home never paired it
            TurnClient relay =
                    home.endpoint.nat().relay(new TurnClient.Server(coturn.address, Coturn.USER, Coturn.PASSWORD));
            InetSocketAddress relayed = allocated(relay);
            relay.permit(Set.of(InetAddress.getLoopbackAddress()));

            var attempt = stranger.endpoint.connect(home.id(), relayed);
            assertThat(attempt).failsWithin(20, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
            assertThat(home.pending).singleElement().asString().startsWith(stranger.id() + "|stranger|");
            assertThat(home.incoming).isEmpty();
        }
    }

    @Test
    void aWrongPasswordIsReportedAsSuchAndNothingIsRelayed() throws Exception {
        assumeTrue(Coturn.installed(), "skipped: needs coturn (CI installs it)");
        try (Coturn coturn = Coturn.start(tmp);
                TestNode home = new TestNode("home", SETTINGS, LOOPS.group())) {
            TurnClient relay =
                    home.endpoint.nat().relay(new TurnClient.Server(coturn.address, Coturn.USER, "wrong-password"));
            assertThat(relay.start())
                    .failsWithin(15, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("wrong user name or password");
            assertThat(relay.error()).contains("wrong user name or password").doesNotContain("wrong-password");
            assertThat(relay.relayedAddress()).isNull();
        }
    }

    @Test
    void theAllocationIsRefreshedBeforeItsLifetimeRunsOut() throws Exception {
        assumeTrue(Coturn.installed(), "skipped: needs coturn (CI installs it)");
        // The server grants 6 s instead of 10 minutes: without refreshes the relay would be gone within the test.
        try (Coturn coturn = Coturn.start(tmp, List.of("max-allocate-lifetime=6"));
                TestNode home = new TestNode("home", SETTINGS, LOOPS.group());
                TestNode away = new TestNode("away", SETTINGS, LOOPS.group())) {
            home.pair(away);
            TurnClient relay =
                    home.endpoint.nat().relay(new TurnClient.Server(coturn.address, Coturn.USER, Coturn.PASSWORD));
            InetSocketAddress relayed = allocated(relay);
            relay.permit(Set.of(InetAddress.getLoopbackAddress()));
            PeerConnection out = away.endpoint.connect(home.id(), relayed).get(20, TimeUnit.SECONDS);
            out.setHandler(away.recorder());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            int answered = 0;
            while (System.nanoTime() < end) {
                byte[] back = out.request(("ping " + answered).getBytes()).get(5, TimeUnit.SECONDS);
                assertThat(new String(back)).isEqualTo("echo:ping " + answered);
                answered++;
                Thread.sleep(500);
            }
            assertThat(out.isOpen()).isTrue();
            assertThat(relay.relayedAddress()).isEqualTo(relayed);
            assertThat(relay.error()).isNull();
        }
    }
}
