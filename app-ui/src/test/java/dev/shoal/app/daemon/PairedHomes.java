package dev.shoal.app.daemon;

import dev.shoal.app.cli.ShoalCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two device homes set up the way a user would with the CLI: each initialised on its own loopback port, paired
 * with the other by ID and address, sharing folder "docs".
 */
public record PairedHomes(String homeA, String homeB, Path docsA, Path docsB, String idA, String idB) {

    public record Result(int code, String out, String err) {}

    public static Result shoal(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = ShoalCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString().trim(), err.toString().trim());
    }

    public static PairedHomes create(Path tmp, String nameA, String nameB) throws Exception {
        return create(tmp, nameA, nameB, "127.0.0.1:" + freeUdpPort(), "127.0.0.1:" + freeUdpPort());
    }

    /** As {@link #create(Path, String, String)}, each device listening on (and known to the other at) the given address. */
    public static PairedHomes create(Path tmp, String nameA, String nameB, String portA, String portB)
            throws Exception {
        String homeA = tmp.resolve("home-a").toString();
        String homeB = tmp.resolve("home-b").toString();
        Path docsA = Files.createDirectories(tmp.resolve("docs-a"));
        Path docsB = Files.createDirectories(tmp.resolve("docs-b"));
        String idA = must(shoal("--home", homeA, "init", "--name", nameA, "--listen", portA));
        String idB = must(shoal("--home", homeB, "init", "--name", nameB, "--listen", portB));
        must(shoal("--home", homeA, "device", "add", idB, "--address", portB));
        must(shoal("--home", homeB, "device", "add", idA, "--address", portA));
        must(shoal("--home", homeA, "folder", "add", docsA.toString(), "--id", "docs", "--share", idB));
        must(shoal("--home", homeB, "folder", "add", docsB.toString(), "--id", "docs", "--share", idA));
        return new PairedHomes(homeA, homeB, docsA, docsB, idA, idB);
    }

    private static String must(Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException("setup command failed: " + r.err());
        }
        return r.out();
    }

    /** Ports handed out by this JVM: a daemon binds its port a while after it is chosen. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A loopback port free for both UDP and TCP (a daemon listens on both), chosen below the kernel's ephemeral
     * range (32768 and up by default): a port taken from that range was free when asked but could be given to
     * some outgoing socket before the daemon bound it (CI: "UDP port 46677 ... is already in use" in
     * ManyPeersIT, whose 21 daemons open many connections between the choice and the bind).
     */
    public static int freeUdpPort() throws Exception {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress());
                    java.net.ServerSocket tcp = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException taken) {
                // in use by something else: try another
            }
        }
        throw new IllegalStateException("no free loopback port between 20000 and 32000");
    }
}
