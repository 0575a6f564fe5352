package dev.shoal.app.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.app.config.ConfigStore;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.TestHomes;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons whose only path is a seeded UDP proxy: lossy, slow and reordering; cut for 10 s mid-transfer;
 * and moved to a new port, as when a laptop changes networks. Each time the folder ends identical and nothing
 * is fetched again from the start. The proxy carries UDP only, so these daemons keep everything on QUIC (no TCP
 * bulk lane, which would go around it); {@code LaneCutIT} cuts a link between hosts with lanes in use.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
public class ImpairedLinkIT {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    Path homeA;
    Path homeB;
    Path docsA;
    Path docsB;
    String idA;
    String idB;

    @org.junit.jupiter.api.BeforeEach
    void quicOnly() {
        System.setProperty("shoal.tcpLanes", "false");
        System.setProperty("shoal.tcp", "false");
    }

    @org.junit.jupiter.api.AfterEach
    void lanesAgain() {
        System.clearProperty("shoal.tcpLanes");
        System.clearProperty("shoal.tcp");
    }

    /** Alpha reaches beta only through {@code proxyAddress}; beta has no address for alpha; no mDNS. */
    void setUp(UdpImpairmentProxyFactory proxies) throws Exception {
        homeA = tmp.resolve("home-a");
        homeB = tmp.resolve("home-b");
        docsA = Files.createDirectories(tmp.resolve("docs-a"));
        docsB = Files.createDirectories(tmp.resolve("docs-b"));
        idA = TestHomes.init(homeA, "alpha");
        idB = TestHomes.init(homeB, "beta");
        for (Path home : new Path[] {homeA, homeB}) {
            ConfigStore store = new ConfigStore(home);
            Config c = store.load().orElseThrow();
            var d = c.device();
            store.save(c.withDeviceSettings(new Config.DeviceSettings(d.name(), d.listen(), false)));
        }
        String listenB = new ConfigStore(homeB).load().orElseThrow().device().listen();
        String proxy = proxies.start(address(listenB));
        TestHomes.pairAndShare(homeA, idB, proxy, docsA, "docs");
        TestHomes.pairAndShare(homeB, idA, null, docsB, "docs");
    }

    interface UdpImpairmentProxyFactory {
        String start(InetSocketAddress target) throws Exception;
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static void randomFile(Path file, long size, long seed) throws Exception {
        Random random = new Random(seed);
        byte[] buf = new byte[(int) Math.min(size, MIB)];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(file));
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            return "missing";
        }
    }

    /** Whether every file of {@code a} (Shoal's own directory aside) is in {@code b} with the same bytes. */
    public static boolean sameTree(Path a, Path b) {
        try (var files = Files.walk(a)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !a.relativize(f).startsWith(".shoal"))
                    .allMatch(f -> sha256(f).equals(sha256(b.resolve(a.relativize(f)))));
        } catch (Exception e) {
            return false;
        }
    }

    long received() {
        try {
            JsonNode s = new ObjectMapper()
                    .readTree(dev.shoal.app.daemon.TestHomes.shoal("--home", homeA.toString(), "status", "--json"));
            return s.at("/devices/0/bytesReceived").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void aMixedSetConvergesOverALossySlowReorderingLink() throws Exception {
        UdpImpairmentProxy[] proxy = new UdpImpairmentProxy[1];
        setUp(target -> (proxy[0] = new UdpImpairmentProxy(target, 0.05, 20, 10, 42)).address());
        Random sizes = new Random(7);
        for (int i = 0; i < 40; i++) {
            Path dir = Files.createDirectories(docsB.resolve("small/d" + (i % 5)));
            randomFile(dir.resolve("f" + i + ".bin"), 4096 + sizes.nextInt(60 * 1024), i);
        }
        for (int i = 0; i < 3; i++) {
            randomFile(docsB.resolve("medium-" + i + ".bin"), 4 * MIB, 100 + i);
        }
        randomFile(docsB.resolve("large.bin"), 24 * MIB, 200);
        long started = System.nanoTime();
        try (UdpImpairmentProxy link = proxy[0];
                Daemon b = Daemon.start(ShoalHome.resolve(homeB));
                Daemon a = Daemon.start(ShoalHome.resolve(homeA))) {
            Await.until(() -> sameTree(docsB, docsA), "alpha has every file, byte for byte", 180);
            System.out.printf(
                    "lossy link: 38 MiB in %.1f s; proxy forwarded %,d packets and dropped %,d%n",
                    (System.nanoTime() - started) / 1e9, proxy[0].forwarded.get(), proxy[0].dropped.get());
            assertThat(proxy[0].dropped.get()).isPositive();
        }
    }

    @Test
    void aTenSecondCutAndAMoveToANewPortResumeWithoutStartingOver() throws Exception {
        UdpImpairmentProxy[] proxy = new UdpImpairmentProxy[2];
        InetSocketAddress[] target = new InetSocketAddress[1];
        setUp(t -> {
            target[0] = t;
            return (proxy[0] = new UdpImpairmentProxy(t, 0, 0, 0, 1)).address();
        });
        long size = 96 * MIB;
        randomFile(docsB.resolve("first.bin"), size, 1);
        try (Daemon b = Daemon.start(ShoalHome.resolve(homeB));
                Daemon a = Daemon.start(ShoalHome.resolve(homeA))) {
            Await.until(() -> received() > size / 4, "a quarter of the first file arrived", 120);
            proxy[0].cut(true);
            long atCut = received();
            Thread.sleep(10_000);
            assertThat(received() - atCut).as("nothing gets through a cut link").isLessThan(2 * MIB);
            proxy[0].cut(false);
            Await.until(() -> sameTree(docsB, docsA), "the first file completes after the cut", 120);
            long afterFirst = received();
            assertThat(afterFirst).as("not fetched again from the start").isLessThan(size + size / 4);

            // The link moves: the old path disappears mid-transfer, the device is reachable at a new port.
            randomFile(docsB.resolve("second.bin"), 64 * MIB, 2);
            Await.until(() -> received() > afterFirst + 16 * MIB, "the second file is on its way", 120);
            proxy[0].close();
            proxy[1] = new UdpImpairmentProxy(target[0], 0, 0, 0, 2);
            long atMove = received();
            String moved =
                    TestHomes.shoal("--home", homeA.toString(), "device", "add", idB, "--address", proxy[1].address());
            assertThat(moved).contains("Applied to the running daemon");
            Await.until(() -> sameTree(docsB, docsA), "the second file completes over the new path", 120);
            System.out.printf(
                    "cut/move: first file %,d bytes received for %,d; second %,d bytes in all, %,d after the move%n",
                    afterFirst, size, received() - afterFirst, received() - atMove);
            assertThat(received() - afterFirst)
                    .as("second file not started over")
                    .isLessThan(64 * MIB + 24 * MIB);
        } finally {
            for (UdpImpairmentProxy p : proxy) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }
}
