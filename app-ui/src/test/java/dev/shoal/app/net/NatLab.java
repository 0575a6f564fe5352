package dev.shoal.app.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Homes behind NAT routers and a "public" network, in namespaces (the recipe of the shared guide): the public
 * side is a bridge in 203.0.113.0/24 holding the servers (203.0.113.1); each home is a router (WAN 203.0.113.x,
 * LAN 198.51.100.1) and one host (198.51.100.2, the same in every home, as home networks are). Routers masquerade
 * and drop unsolicited inbound packets; a home may forward a port to its host, like a NAS. Each router counts the
 * packets it forwards out of the home. Needs root, iproute2 and nftables; {@link #close} removes everything.
 */
public final class NatLab implements AutoCloseable {
    public static final String SERVER = "203.0.113.1";
    public static final String HOST = "198.51.100.2";

    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    public final String pub = "shoal-pub-" + tag;
    private final List<String> namespaces = new ArrayList<>();
    private final NamespaceProcesses processes = new NamespaceProcesses();
    private int homes;

    /** One home: its host's namespace, its router's namespace and the router's public address. */
    public record Home(String host, String router, String wan) {}

    private NatLab() {}

    public static NatLab create() throws IOException {
        NatLab lab = new NatLab();
        try {
            lab.namespace(lab.pub);
            lab.must("ip", "-n", lab.pub, "link", "add", "br0", "type", "bridge");
            lab.must("ip", "-n", lab.pub, "addr", "add", SERVER + "/24", "dev", "br0");
            lab.must("ip", "-n", lab.pub, "link", "set", "br0", "up");
            lab.must("ip", "-n", lab.pub, "link", "set", "lo", "up");
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * Adds a home behind a NAT router.
     *
     * @param forwardPort a UDP and TCP port the router forwards to the host (0 for none)
     */
    public Home home(int forwardPort) throws IOException {
        return home(forwardPort, false);
    }

    /**
     * Adds a home behind a NAT router.
     *
     * @param forwardPort a UDP and TCP port the router forwards to the host (0 for none)
     * @param symmetric a new public port for every destination ({@code masquerade random}): punching cannot work
     */
    public Home home(int forwardPort, boolean symmetric) throws IOException {
        int n = ++homes;
        String wan = "203.0.113." + (10 * n);
        Home home = new Home("shoal-h" + n + "-" + tag, "shoal-r" + n + "-" + tag, wan);
        namespace(home.router());
        namespace(home.host());
        link(home.router(), "wan", pub, "w" + n + tag);
        must("ip", "-n", pub, "link", "set", "w" + n + tag, "master", "br0");
        must("ip", "-n", pub, "link", "set", "w" + n + tag, "up");
        link(home.router(), "lan", home.host(), "eth0");
        address(home.router(), "wan", wan);
        address(home.router(), "lan", "198.51.100.1");
        address(home.host(), "eth0", HOST);
        must("ip", "-n", home.host(), "route", "add", "default", "via", "198.51.100.1");
        must("ip", "netns", "exec", home.router(), "sysctl", "-qw", "net.ipv4.ip_forward=1");
        String forward = forwardPort == 0 ? "" : """
                  table ip portforward {
                    chain pre { type nat hook prerouting priority dstnat; iifname "wan" meta l4proto { tcp, udp } th dport %d dnat to %s; }
                  }
                  """.formatted(forwardPort, HOST);
        nft(home.router(), forward + """
                table ip nat {
                  chain post { type nat hook postrouting priority srcnat; oifname "wan" masquerade%s; }
                }
                table ip filter {
                  counter out_of_home { }
                  chain input { type filter hook input priority 0; iifname "wan" ct state new drop; }
                  chain forward {
                    type filter hook forward priority 0; policy drop;
                    iifname "lan" oifname "wan" counter name out_of_home accept;
                    ct state established,related accept;
                    ct status dnat accept;
                  }
                }
                """.formatted(symmetric ? " random" : ""));
        return home;
    }

    /** Packets the home's router forwarded from the home to the public side so far. */
    public long leftHome(Home home) throws IOException, InterruptedException {
        return counter(home.router(), "filter", "out_of_home");
    }

    /**
     * Makes {@code home}'s router forget a UDP mapping after {@code seconds} without a packet, as many home routers
     * do (Linux keeps an answered one two minutes).
     */
    public void forgetQuietMappingsAfter(Home home, int seconds) throws IOException {
        must(
                "ip",
                "netns",
                "exec",
                home.router(),
                "sysctl",
                "-qw",
                "net.netfilter.nf_conntrack_udp_timeout=" + seconds,
                "net.netfilter.nf_conntrack_udp_timeout_stream=" + seconds);
    }

    /** Makes {@code home}'s router drop everything bound for {@code address} (as a network that forbids it would). */
    public void block(Home home, String address) throws IOException {
        nft(home.router(), """
                table ip block {
                  chain towards { type filter hook forward priority -10; ip daddr %s drop; }
                }
                """.formatted(address));
    }

    /** Lifts {@link #block}. */
    public void unblock(Home home) throws IOException {
        must("ip", "netns", "exec", home.router(), "nft", "delete", "table", "ip", "block");
    }

    /** Forgets every connection the home's router tracked: its NAT mappings are made afresh (NAT rebinding). */
    public void flushMappings(Home home) throws IOException {
        must("ip", "netns", "exec", home.router(), "conntrack", "-F");
    }

    /** Counts, from now on, UDP packets reaching the public side's ports {@code from}-{@code to} (a relay's range). */
    public void countRelayed(int from, int to) throws IOException {
        nft(pub, """
                table ip relaycount {
                  counter relayed { }
                  chain arriving { type filter hook input priority 0; udp dport %d-%d counter name relayed; }
                }
                """.formatted(from, to));
    }

    /** Packets counted by {@link #countRelayed} so far. */
    public long relayed() throws IOException, InterruptedException {
        return counter(pub, "relaycount", "relayed");
    }

    private long counter(String ns, String table, String name) throws IOException, InterruptedException {
        String out = output(ns, List.of("nft", "list", "counter", "ip", table, name));
        Matcher m = Pattern.compile("packets (\\d+)").matcher(out);
        if (!m.find()) {
            throw new IOException("no counter in: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /** Starts {@code command} inside namespace {@code ns}, its output to {@code log}; stopped by {@link #close}. */
    public Process start(String ns, List<String> command, Path log) throws IOException {
        return processes.start(ns, command, log);
    }

    /** Runs {@code command} inside {@code ns} to its end (at most two minutes) and returns what it printed. */
    public String output(String ns, List<String> command) throws IOException, InterruptedException {
        return NamespaceProcesses.output(ns, command);
    }

    private void namespace(String ns) throws IOException {
        must("ip", "netns", "add", ns);
        namespaces.add(ns);
        must("ip", "-n", ns, "link", "set", "lo", "up");
    }

    /** A veth pair: {@code nameA} in {@code nsA}, {@code nameB} in {@code nsB}, both up. */
    private void link(String nsA, String nameA, String nsB, String nameB) throws IOException {
        String tmpA = "sa" + tag + homes;
        String tmpB = "sb" + tag + homes;
        must("ip", "link", "add", tmpA, "netns", nsA, "type", "veth", "peer", "name", tmpB, "netns", nsB);
        must("ip", "-n", nsA, "link", "set", tmpA, "name", nameA);
        must("ip", "-n", nsB, "link", "set", tmpB, "name", nameB);
        must("ip", "-n", nsA, "link", "set", nameA, "up");
        must("ip", "-n", nsB, "link", "set", nameB, "up");
    }

    private void address(String ns, String dev, String ip) throws IOException {
        must("ip", "-n", ns, "addr", "add", ip + "/24", "dev", dev);
    }

    private void nft(String ns, String rules) throws IOException {
        Path file = Files.createTempFile("shoal-nft", ".conf");
        try {
            Files.writeString(file, rules);
            must("ip", "netns", "exec", ns, "nft", "-f", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void must(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("failed: " + String.join(" ", command) + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        processes.stopAll();
        for (String ns : namespaces.reversed()) {
            try {
                must("ip", "netns", "del", ns);
            } catch (IOException e) {
                // best effort: the next namespace still goes
            }
        }
    }
}
