package dev.shoal.discovery.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.transport.identity.CertificateFactory;
import dev.shoal.transport.identity.DeviceIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The discovery client against a real {@code stdiscosrv} on loopback: a device is found where it announced, and
 * once the server no longer lists it (its entry expired; here the server lost its database) its old addresses
 * are not handed out to be dialled.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GlobalDiscoveryIT {
    @TempDir
    Path tmp;

    private final List<Process> servers = new CopyOnWriteArrayList<>();

    @Test
    void aDeviceTheServerNoLongerListsIsNotDialledAtItsOldAddresses() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/stdiscosrv")), "skipped: needs stdiscosrv (CI installs it)");
        CertificateFactory certs = new CertificateFactory();
        DeviceIdentity nas = certs.create("nas");
        DeviceIdentity laptop = certs.create("laptop");
        int port = freePort();
        try {
            String serverId = startServer(port, "db-1");
            GlobalDiscovery.Server server = new GlobalDiscovery.Server(
                    URI.create("https://127.0.0.1:" + port), Optional.of(ServerPin.parse(serverId)));
            InetSocketAddress nasAt = new InetSocketAddress("203.0.113.20", 22000);
            List<DeviceId> found = new CopyOnWriteArrayList<>();
            try (GlobalDiscovery nasClient = client(nas, server, "quic://203.0.113.20:22000", List.of(), d -> {});
                    GlobalDiscovery laptopClient = client(
                                    laptop, server, "quic://203.0.113.10:22000", List.of(nas.deviceId()), found::add)
                            .cacheFor(Duration.ofSeconds(2), Duration.ofSeconds(1))) {
                nasClient.start();
                laptopClient.start();
                until(() -> laptopClient.addresses(nas.deviceId()).equals(List.of(nasAt)), "the nas is found", 60);
                assertThat(found).contains(nas.deviceId());

                // The nas stops announcing and the server forgets it (a restart without its database).
                nasClient.close();
                stopServers();
                startServer(port, "db-2");
                until(() -> laptopClient.addresses(nas.deviceId()).isEmpty(), "the old addresses are dropped", 30);
                found.clear();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < end) { // lookups go on: the server keeps saying it has no such device
                    assertThat(laptopClient.addresses(nas.deviceId())).isEmpty();
                    Thread.sleep(200);
                }
                assertThat(found).isEmpty();
            }
        } finally {
            stopServers();
        }
    }

    private GlobalDiscovery client(
            DeviceIdentity who,
            GlobalDiscovery.Server server,
            String announce,
            List<DeviceId> devices,
            java.util.function.Consumer<DeviceId> found)
            throws Exception {
        return new GlobalDiscovery(
                who.deviceId(),
                who.certificate(),
                who.privateKey(),
                server,
                () -> List.of(announce),
                () -> devices,
                found);
    }

    /** Starts stdiscosrv with the certificate kept in {@code tmp} and database {@code db}; returns its ID. */
    private String startServer(int port, String db) throws Exception {
        Path log = tmp.resolve(db + ".log");
        Process p = new ProcessBuilder(
                        "stdiscosrv",
                        "-listen",
                        "127.0.0.1:" + port,
                        "-cert",
                        tmp.resolve("cert.pem").toString(),
                        "-key",
                        tmp.resolve("key.pem").toString(),
                        "-db-dir",
                        tmp.resolve(db).toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        servers.add(p);
        Pattern id = Pattern.compile("([A-Z2-7]{7}(-[A-Z2-7]{7}){7})");
        String[] seen = new String[1];
        until(
                () -> {
                    try {
                        Matcher m = id.matcher(Files.readString(log));
                        return m.find() && (seen[0] = m.group(1)) != null && listening(port);
                    } catch (IOException e) {
                        return false;
                    }
                },
                "stdiscosrv started",
                30);
        return seen[0];
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void stopServers() throws InterruptedException {
        for (Process p : servers) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        servers.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void until(BooleanSupplier condition, String what, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + seconds + " s waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
