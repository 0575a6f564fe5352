package dev.shoal.app.adversary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.PairedHomes;
import dev.shoal.app.daemon.TestHomes;
import dev.shoal.discovery.Discoveries;
import dev.shoal.discovery.MdnsDiscovery;
import dev.shoal.engine.spi.DeviceId;
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
        // Paired by ID only: each finds the other's address through mDNS, as on a home LAN.
        Path homeA = tmp.resolve("home-a");
        Path homeB = tmp.resolve("home-b");
        Path docsA = Files.createDirectories(tmp.resolve("docs-a"));
        Path docsB = Files.createDirectories(tmp.resolve("docs-b"));
        DeviceId idA = DeviceId.parse(TestHomes.init(homeA, "alpha"));
        DeviceId idB = DeviceId.parse(TestHomes.init(homeB, "beta"));
        TestHomes.pairAndShare(homeA, idB.toString(), null, docsA, "docs");
        TestHomes.pairAndShare(homeB, idA.toString(), null, docsB, "docs");
        int bogus = PairedHomes.freeUdpPort();
        var settings = MdnsDiscovery.Settings.boundTo(
                InetAddress.getLoopbackAddress(), Duration.ofSeconds(1), Duration.ofSeconds(75));
        try (Daemon a = Daemon.start(ShoalHome.resolve(homeA));
                Daemon b = Daemon.start(ShoalHome.resolve(homeB))) {
            Files.writeString(docsA.resolve("first.txt"), "first");
            Await.until(() -> Files.exists(docsB.resolve("first.txt")), "they find each other and sync", 90);
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
                Files.writeString(docsA.resolve("second.txt"), "second");
                Await.until(() -> Files.exists(docsB.resolve("second.txt")), "they still sync", 30);
                assertThat(closed.get()).as("why the working connection closed").isNull();
                assertThat(connection.isOpen()).isTrue();
                assertThat(a.pool().connection(idB)).containsSame(connection);
                // The working address stays a candidate beside the advertised one.
                assertThat(a.candidateAddresses(idB)).anyMatch(x -> x.getPort() != bogus);
            } finally {
                fakeA.close();
                fakeB.close();
            }
        }
    }
}
