package dev.shoal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two hosts in network namespaces of their own, joined by a veth pair: each discovery instance is bound to its
 * namespace's address, they find each other over real multicast, and Lost fires after one stops. Needs root
 * (CI is root); the namespaces are removed afterwards. Addresses are from TEST-NET-2 and exist only inside
 * the namespaces this test creates.
 */
class NetnsDiscoveryIT {
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void hostsInTwoNamespacesFindEachOtherAndNoticeWhenOneStops() throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "skipped: creating network namespaces needs root (CI runs as root)");
        assumeTrue(run("ip", "netns", "list") == 0, "skipped: the ip command (iproute2) is not available");

        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        String nsA = "shoal-a-" + tag;
        String nsB = "shoal-b-" + tag;
        List<String[]> cleanup = new ArrayList<>();
        try {
            setUp(nsA, nsB, "shva" + tag, "shvb" + tag, cleanup);
            try (ProbeProcess a = new ProbeProcess(nsA, "198.51.100.1", "host-a", 22000);
                    ProbeProcess b = new ProbeProcess(nsB, "auto", "host-b", 22000)) {
                String aSawB = a.await("FOUND " + b.id, 15_000);
                String bSawA = b.await("FOUND " + a.id, 15_000);
                assertThat(aSawB).as("a found b").contains("198.51.100.2:22000");
                assertThat(bSawA).as("b found a").contains("198.51.100.1:22000");

                // b's host gains an address (a laptop joining another network): b announces there too.
                must("ip", "-n", nsB, "addr", "add", "198.51.100.12/24", "dev", "shvb" + tag);
                assertThat(a.await("UPDATED " + b.id, 20_000))
                        .as("a saw b's new address")
                        .contains("198.51.100.12:22000");

                long t = System.nanoTime();
                b.stop();
                assertThat(a.await("LOST " + b.id, 20_000))
                        .as("a noticed b stop")
                        .isNotNull();
                assertThat((System.nanoTime() - t) / 1e9).isLessThan(20);
            }
        } finally {
            for (String[] command : cleanup.reversed()) {
                run(command);
            }
        }
    }

    private static void setUp(String nsA, String nsB, String vethA, String vethB, List<String[]> cleanup)
            throws IOException, InterruptedException {
        must("ip", "netns", "add", nsA);
        cleanup.add(new String[] {"ip", "netns", "del", nsA});
        must("ip", "netns", "add", nsB);
        cleanup.add(new String[] {"ip", "netns", "del", nsB});
        must("ip", "link", "add", vethA, "netns", nsA, "type", "veth", "peer", "name", vethB, "netns", nsB);
        for (String[] host : new String[][] {{nsA, vethA, "198.51.100.1/24"}, {nsB, vethB, "198.51.100.2/24"}}) {
            must("ip", "-n", host[0], "addr", "add", host[2], "dev", host[1]);
            must("ip", "-n", host[0], "link", "set", "lo", "up");
            must("ip", "-n", host[0], "link", "set", host[1], "up");
            // mDNS multicast leaves through the veth, the namespace's only link.
            must("ip", "-n", host[0], "route", "add", "224.0.0.0/4", "dev", host[1]);
        }
    }

    private static void must(String... command) throws IOException, InterruptedException {
        if (run(command) != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", command) + ": " + output.strip());
        }
        return p.exitValue();
    }
}
