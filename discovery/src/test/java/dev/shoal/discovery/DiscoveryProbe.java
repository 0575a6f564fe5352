package dev.shoal.discovery;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.DiscoveredDevice;
import dev.shoal.engine.spi.Discovery.LocalAnnouncement;
import dev.shoal.engine.spi.DiscoveryListener;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * A discovery instance in a process of its own, for the multi-process tests. Prints {@code ID <id>} first,
 * then one line per event ({@code FOUND}, {@code UPDATED}, {@code LOST} and the device id). Stops (sending
 * an mDNS goodbye) on SIGTERM or when its standard input closes.
 *
 * <p>Arguments: bind address (or {@code auto}), device name, port to announce.
 */
public final class DiscoveryProbe {
    public static void main(String[] args) throws Exception {
        byte[] fakeCertificate = new byte[64];
        new SecureRandom().nextBytes(fakeCertificate);
        DeviceId id = DeviceId.ofCertificate(fakeCertificate);
        // "auto": every usable interface address, re-checked as interfaces come and go.
        MdnsDiscovery.Settings settings = args[0].equals("auto")
                ? new MdnsDiscovery.Settings(
                        MdnsDiscovery::usableAddresses, Duration.ofMillis(1000), Duration.ofSeconds(10))
                : MdnsDiscovery.Settings.boundTo(
                        InetAddress.getByName(args[0]), Duration.ofMillis(1000), Duration.ofSeconds(10));
        MdnsDiscovery discovery = new MdnsDiscovery(id, settings);
        Runtime.getRuntime().addShutdownHook(new Thread(discovery::close));
        System.out.println("ID " + id);
        discovery.start(new DiscoveryListener() {
            @Override
            public void found(DiscoveredDevice d) {
                System.out.println("FOUND " + d.id() + " " + d.name() + " " + d.addresses());
            }

            @Override
            public void updated(DiscoveredDevice d) {
                System.out.println("UPDATED " + d.id() + " " + d.name() + " " + d.addresses());
            }

            @Override
            public void lost(DeviceId device) {
                System.out.println("LOST " + device);
            }
        });
        discovery.announce(new LocalAnnouncement(id, args[1], 1, Integer.parseInt(args[2])));
        // Runs until stdin closes (the parent went away) or a signal stops the JVM.
        while (System.in.read() >= 0) {
            // ignore input
        }
        System.exit(0);
    }
}
