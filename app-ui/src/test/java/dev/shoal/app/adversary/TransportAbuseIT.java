package dev.shoal.app.adversary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.PairedHomes;
import dev.shoal.transport.QuicEndpoint;
import dev.shoal.transport.QuicSettings;
import dev.shoal.transport.identity.CertificateFactory;
import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.session.CloseCode;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A paired device speaking the wire protocol by hand, abusing the control stream of a real daemon. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TransportAbuseIT {
    @TempDir
    Path tmp;

    EventLoopGroup loops;

    @BeforeEach
    void loops() {
        loops = QuicEndpoint.newGroup(1, QuicSettings.DEFAULT);
    }

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Finding 8: a ping is an 8-byte clock; a large one is a protocol error, not something to echo back. */
    @Test
    void anOversizedPingClosesTheConnectionInsteadOfBeingEchoed() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "victim", "friend");
        DeviceIdentity mallory = new CertificateFactory().create("mallory");
        assertThat(PairedHomes.shoal(
                                "--home",
                                homes.homeA(),
                                "device",
                                "add",
                                mallory.deviceId().toString())
                        .code())
                .isZero();
        try (Daemon victim = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                RawPeer raw = new RawPeer(loops, mallory, victim.endpoint().localAddress(), false)) {
            raw.hello("mallory");
            Await.until(() -> victim.endpoint().sessions().size() == 1, "mallory is admitted", 20);
            raw.sendControl(RawPeer.PING, new byte[4 << 20]);
            assertThat(raw.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(CloseCode.PROTOCOL_ERROR.code);
            assertThat(raw.closeReason.get()).contains("ping");
        }
    }
}
