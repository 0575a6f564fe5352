package dev.shoal.app.adversary;

import static dev.shoal.app.TestFiles.random;
import static dev.shoal.app.TestFiles.sameBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.PairedHomes;
import dev.shoal.transport.QuicEndpoint;
import dev.shoal.transport.QuicSettings;
import dev.shoal.transport.identity.CertificateFactory;
import dev.shoal.transport.session.CloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicStreamType;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 3: strangers (fresh certificates, never a hello) open many connections and stream frames that announce
 * 16 MiB on every stream they may open. The daemon holds at most a few KiB of each, refuses connections past
 * its limits, and its paired device keeps syncing meanwhile.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnadmittedFloodIT {
    static final int ATTACKERS = 40;
    /** What each attacker streams on each of its 20 streams: on the code before the fix, all of it was held. */
    static final int PER_STREAM = 512 << 10;

    @TempDir
    Path tmp;

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void strangersStreamingWithoutAHelloCostTheDaemonAlmostNothingAndSyncGoesOn() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "victim", "friend");
        CertificateFactory certs = new CertificateFactory();
        List<dev.shoal.transport.identity.DeviceIdentity> strangers = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            strangers.add(certs.create("stranger-" + i));
        }
        // One frame start reused by every stream: a 16 MiB frame announced, then PER_STREAM bytes of it.
        ByteBuf flood = Unpooled.unreleasableBuffer(Unpooled.directBuffer(5 + PER_STREAM)
                .writeInt(16 << 20)
                .writeByte(1)
                .writeZero(PER_STREAM));
        EventLoopGroup loops = QuicEndpoint.newGroup(1, QuicSettings.DEFAULT);
        List<RawPeer> attackers = new ArrayList<>();
        try (Daemon victim = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon friend = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Files.write(homes.docsA().resolve("before.bin"), random(1, 2_000_000));
            Await.until(
                    () -> sameBytes(
                            homes.docsA().resolve("before.bin"), homes.docsB().resolve("before.bin")),
                    "the friend has the first file",
                    60);
            long baseline = heapAfterGc();

            int refusedAtOnce = 0;
            for (var stranger : strangers) {
                RawPeer p;
                try {
                    p = new RawPeer(loops, stranger, victim.endpoint().localAddress(), true);
                } catch (Exception e) {
                    if (refusedAtOnce == 0) {
                        e.printStackTrace();
                    }
                    refusedAtOnce++; // closed during the handshake: past the limit of waiting connections
                    continue;
                }
                attackers.add(p);
                try {
                    for (int s = 0; s < 4; s++) {
                        p.stream(QuicStreamType.UNIDIRECTIONAL, flood.duplicate());
                    }
                    for (int s = 0; s < 16; s++) {
                        p.stream(QuicStreamType.BIDIRECTIONAL, flood.duplicate());
                    }
                } catch (Exception e) {
                    // the victim closed the connection while streams were being opened: as it should
                }
            }
            // While strangers flood the victim, it still syncs with its paired device.
            byte[] during = random(2, 3_000_000);
            Files.write(homes.docsA().resolve("during.bin"), during);
            Await.until(
                    () -> sameBytes(
                            homes.docsA().resolve("during.bin"), homes.docsB().resolve("during.bin")),
                    "the friend gets a file written during the flood",
                    60);
            long grown = heapAfterGc() - baseline;

            // Every stranger was closed: none is admitted, and none is pending (none said hello).
            for (RawPeer p : attackers) {
                assertThat(p.closeCode.get(30, TimeUnit.SECONDS))
                        .as("close code for a stranger")
                        .isIn(
                                CloseCode.PROTOCOL_ERROR.code,
                                CloseCode.HANDSHAKE_FAILED.code,
                                CloseCode.HANDSHAKE_TIMEOUT.code);
            }
            assertThat(attackers).as("strangers that got through the handshake").hasSizeGreaterThan(ATTACKERS / 2);
            assertThat(victim.pendingDevices()).isEmpty();
            assertThat(victim.endpoint().sessions()).hasSize(1);
            Await.until(() -> victim.endpoint().unadmittedConnections() == 0, "no stranger is still waiting", 30);
            long offered = (long) ATTACKERS * 20 * PER_STREAM;
            System.out.printf(
                    "flood: %d strangers offered %d MiB; %d refused during the handshake; heap grew %d MiB%n",
                    ATTACKERS, offered >> 20, refusedAtOnce, grown >> 20);
            assertThat(grown)
                    .as("heap held for %d MiB offered by strangers", offered >> 20)
                    .isLessThan(48L << 20);
        } finally {
            attackers.forEach(RawPeer::close);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
