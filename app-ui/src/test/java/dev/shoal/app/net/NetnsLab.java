package dev.shoal.app.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two hosts in network namespaces of their own, joined by a veth pair with MTU 1500 (198.51.100.1 and .2, a
 * documentation range that exists only inside them), with nftables rules as a firewall would set them. Needs root
 * and the ip and nft commands (CI installs nftables); {@link #close} removes everything, also after a failure.
 */
public final class NetnsLab implements AutoCloseable {
    public static final String ADDRESS_A = "198.51.100.1";
    public static final String ADDRESS_B = "198.51.100.2";

    public final String nsA;
    public final String nsB;
    private final List<String[]> cleanup = new ArrayList<>();
    private final NamespaceProcesses processes = new NamespaceProcesses();

    private NetnsLab(String tag) {
        this.nsA = "shoal-a-" + tag;
        this.nsB = "shoal-b-" + tag;
    }

    /** Whether this machine can build the lab (root, iproute2, nftables). */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name"))
                && run("ip", "netns", "list") == 0
                && run("nft", "-v") == 0;
    }

    public static NetnsLab create() throws IOException {
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        NetnsLab lab = new NetnsLab(tag);
        try {
            lab.must("ip", "netns", "add", lab.nsA);
            lab.cleanup.add(new String[] {"ip", "netns", "del", lab.nsA});
            lab.must("ip", "netns", "add", lab.nsB);
            lab.cleanup.add(new String[] {"ip", "netns", "del", lab.nsB});
            String vethA = "shva" + tag;
            String vethB = "shvb" + tag;
            lab.must(
                    "ip", "link", "add", vethA, "netns", lab.nsA, "type", "veth", "peer", "name", vethB, "netns",
                    lab.nsB);
            for (String[] host : new String[][] {{lab.nsA, vethA, ADDRESS_A}, {lab.nsB, vethB, ADDRESS_B}}) {
                lab.must("ip", "-n", host[0], "addr", "add", host[2] + "/24", "dev", host[1]);
                lab.must("ip", "-n", host[0], "link", "set", host[1], "mtu", "1500");
                lab.must("ip", "-n", host[0], "link", "set", "lo", "up");
                lab.must("ip", "-n", host[0], "link", "set", host[1], "up");
            }
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Drops every packet of {@code protocol} ("udp" or "tcp") in and out of both hosts, loopback aside. */
    public void drop(String protocol) throws IOException {
        for (String ns : List.of(nsA, nsB)) {
            Path rules = Files.createTempFile("shoal-nft", ".conf");
            Files.writeString(rules, """
                    table inet shoal_test {
                      chain in { type filter hook input priority 0; policy accept; iif "lo" accept; meta l4proto %1$s drop; }
                      chain out { type filter hook output priority 0; policy accept; oif "lo" accept; meta l4proto %1$s drop; }
                    }
                    """.formatted(protocol));
            try {
                must("ip", "netns", "exec", ns, "nft", "-f", rules.toString());
            } finally {
                Files.deleteIfExists(rules);
            }
        }
    }

    /**
     * Drops {@code percent} of the packets arriving at each host, whatever their protocol, at random (the kernel
     * here has no netem; nftables' random number generator stands in for a lossy link), and counts them.
     */
    public void lose(int percent) throws IOException {
        for (String ns : List.of(nsA, nsB)) {
            Path rules = Files.createTempFile("shoal-nft", ".conf");
            Files.writeString(rules, """
                    table inet shoal_test {
                      chain in { type filter hook input priority 0; policy accept; iif "lo" accept; numgen random mod 100 < %d counter drop; }
                    }
                    """.formatted(percent));
            try {
                must("ip", "netns", "exec", ns, "nft", "-f", rules.toString());
            } finally {
                Files.deleteIfExists(rules);
            }
        }
    }

    /** Packets {@link #lose} dropped so far, both hosts together. */
    public long lost() throws IOException, InterruptedException {
        long sum = 0;
        for (String ns : List.of(nsA, nsB)) {
            var m = java.util.regex.Pattern.compile("counter packets (\\d+)")
                    .matcher(output(ns, List.of("nft", "list", "table", "inet", "shoal_test")));
            while (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    /** Removes what {@link #drop} set up, in both hosts. */
    public void allow() throws IOException {
        for (String ns : List.of(nsA, nsB)) {
            must("ip", "netns", "exec", ns, "nft", "delete", "table", "inet", "shoal_test");
        }
    }

    /** Starts {@code command} inside namespace {@code ns}, its output to {@code log}; stopped by {@link #close}. */
    public Process start(String ns, List<String> command, Path log) throws IOException {
        return processes.start(ns, command, log);
    }

    /** Runs {@code command} inside {@code ns} to its end (at most two minutes) and returns what it printed. */
    public String output(String ns, List<String> command) throws IOException, InterruptedException {
        return NamespaceProcesses.output(ns, command);
    }

    private void must(String... command) throws IOException {
        if (run(command) != 0) {
            throw new IOException("failed: " + String.join(" ", command));
        }
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        processes.stopAll();
        for (String[] command : cleanup.reversed()) {
            run(command);
        }
    }
}
