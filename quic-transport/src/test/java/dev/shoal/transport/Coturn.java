package dev.shoal.transport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real coturn on loopback for tests: TURN with one long-term user, loopback peers allowed. */
final class Coturn implements AutoCloseable {
    static final String USER = "shoal";
    static final String PASSWORD = "correct-horse";

    private final Process process;
    final InetSocketAddress address;
    final Path log;

    private Coturn(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/turnserver"));
    }

    static Coturn start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of());
    }

    /** @param extra more configuration lines (e.g. a short allocation lifetime) */
    static Coturn start(Path dir, List<String> extra) throws IOException, InterruptedException {
        int port = freeUdpPort();
        Path log = dir.resolve("coturn.log");
        Path config = dir.resolve("turnserver.conf");
        List<String> lines = new java.util.ArrayList<>(List.of(
                "listening-ip=127.0.0.1",
                "listening-port=" + port,
                "relay-ip=127.0.0.1",
                "min-port=" + (port + 1),
                "max-port=" + (port + 200),
                "realm=shoal.test",
                "lt-cred-mech",
                "user=" + USER + ":" + PASSWORD,
                "allow-loopback-peers",
                "no-tls",
                "no-dtls",
                "no-cli",
                "no-stdout-log",
                "log-file=" + log,
                "simple-log",
                "pidfile=" + dir.resolve("coturn.pid")));
        lines.addAll(extra);
        Files.write(config, lines);
        Process p = new ProcessBuilder("turnserver", "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("coturn.out").toFile())
                .start();
        Coturn c = new Coturn(p, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.listening()) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                c.close();
                throw new IOException("coturn did not start: " + c.output());
            }
            Thread.sleep(50);
        }
        return c;
    }

    private boolean listening() {
        try (DatagramSocket s = new DatagramSocket(address)) {
            return false; // we could bind it: coturn has not yet
        } catch (IOException taken) {
            return true;
        }
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freeUdpPort() throws IOException {
        // The relay range sits above the listening port: look for a port with room after it.
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = 20000 + (int) (Math.random() * 20000);
            try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free UDP port");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
