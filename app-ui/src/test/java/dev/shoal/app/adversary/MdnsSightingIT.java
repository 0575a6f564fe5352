package dev.shoal.app.adversary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.PairedHomes;
import dev.shoal.discovery.Discoveries;
import dev.shoal.discovery.MdnsDiscovery;
import dev.shoal.engine.protocol.DeviceId;
import dev.shoal.engine.spi.DiscoveredDevice;
import dev.shoal.engine.spi.Discovery;
import dev.shoal.engine.spi.DiscoveryListener;
import dev.shoal.transport.session.Hello;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 11: real mDNS adverts on loopback claiming both paired devices' IDs at other ports. Each daemon learns
 * the extra address, and the working connection between them stays up and keeps syncing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MdnsSightingIT {
    @TempDir
    Path tmp;

    @Test
    void anAdvertWithAPairedDevicesIdAndAnotherPortNeverClosesTheWorkingConnection() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        DeviceId idA = DeviceId.parse(homes.idA());
        DeviceId idB = DeviceId.parse(homes.idB());
        int bogus = PairedHomes.freeUdpPort();
        var settings = MdnsDiscovery.Settings.boundTo(
                InetAddress.getLoopbackAddress(), Duration.ofSeconds(1), Duration.ofSeconds(75));
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Files.writeString(homes.docsA().resolve("first.txt"), "first");
            Await.until(() -> Files.exists(homes.docsB().resolve("first.txt")), "they sync", 60);
            var connection = a.pool().connection(idB).orElseThrow();
            AtomicReference<String> closed = new AtomicReference<>();
            connection.onClose(closed::set);

            Discovery fakeA = Discoveries.create(true, idA, settings);
            Discovery fakeB = Discoveries.create(true, idB, settings);
            try {
                DiscoveryListener ignore = new DiscoveryListener() {
                    @Override
                    public void found(DiscoveredDevice device) {}

                    @Override
                    public void updated(DiscoveredDevice device) {}

                    @Override
                    public void lost(DeviceId device) {}
                };
                fakeA.start(ignore);
                fakeB.start(ignore);
                fakeA.announce(new Discovery.LocalAnnouncement(idA, "alpha", Hello.PROTOCOL_VERSION, bogus));
                fakeB.announce(new Discovery.LocalAnnouncement(idB, "beta", Hello.PROTOCOL_VERSION, bogus));
                Await.until(
                        () -> a.candidateAddresses(idB).stream().anyMatch(x -> x.getPort() == bogus)
                                && b.candidateAddresses(idA).stream().anyMatch(x -> x.getPort() == bogus),
                        "both daemons saw the false adverts",
                        60);
                Files.writeString(homes.docsA().resolve("second.txt"), "second");
                Await.until(() -> Files.exists(homes.docsB().resolve("second.txt")), "they still sync", 30);
                assertThat(closed.get()).as("why the working connection closed").isNull();
                assertThat(connection.isOpen()).isTrue();
                assertThat(a.pool().connection(idB)).containsSame(connection);
                assertThat(a.candidateAddresses(idB)).anyMatch(x -> x.getPort() != bogus); // the working one stays
            } finally {
                fakeA.close();
                fakeB.close();
            }
        }
    }
}
