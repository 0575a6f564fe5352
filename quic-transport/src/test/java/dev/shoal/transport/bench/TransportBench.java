package dev.shoal.transport.bench;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.engine.spi.TransportListener;
import dev.shoal.transport.QuicEndpoint;
import dev.shoal.transport.QuicSettings;
import dev.shoal.transport.identity.CertificateFactory;
import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.tls.AnyDeviceTrustManager;
import dev.shoal.transport.tls.DeviceKeyManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Loopback throughput of Shoal's QUIC sessions against TLS 1.3 over TCP and plain TCP, in one process and
 * run. Both ends live in this JVM, so CPU seconds cover sender and receiver together.
 */
public final class TransportBench {
    private static final double MB = 1_000_000.0;
    private static final long GIB = 1L << 30;
    private static final int ROUNDS = 3;
    /** A Shoal session as before the TCP lane: everything on QUIC. */
    private static final QuicSettings QUIC_ONLY = QuicSettings.DEFAULT.withTcpLanes(false);
    /** Marks the case of a whole session over TLS on TCP (as where UDP is blocked). */
    private static final QuicSettings TCP_SESSION = QuicSettings.DEFAULT.withTcpLanes(false);

    private static final CertificateFactory CERTS = new CertificateFactory();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** @param runs the MB/s of each measured run, slowest first, for a median (empty for a single run) */
    record Result(double mbPerSecond, double cpuSecondsPerGib, String runs) {
        Result(double mbPerSecond, double cpuSecondsPerGib) {
            this(mbPerSecond, cpuSecondsPerGib, "");
        }
    }

    public static void main(String[] args) throws Exception {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 2) * GIB;
        int chunk = Integer.getInteger("bench.chunk", 512 * 1024);
        String only = System.getProperty("bench.case");
        if (only != null) { // a forked run of one case: one line for the parent to read
            Result r = median(() -> runCase(only, bytes, chunk));
            System.out.printf(Locale.ROOT, "RESULT %.3f %.4f %s%n", r.mbPerSecond(), r.cpuSecondsPerGib(), r.runs());
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "# Shoal transport benchmark: %d GiB over loopback, %d cores, %s%n",
                bytes / GIB,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        System.out.printf(
                Locale.ROOT,
                "# QUIC: %d KiB responses, 32 requests in flight, a control message every 64 MiB%n",
                chunk / 1024);
        System.out.println("# each transport in its own JVM (a warm-up, then the median of " + ROUNDS + " runs),"
                + " so none runs on code the JIT compiled for another");

        if (Boolean.getBoolean("bench.quicOnly")) {
            row("QUIC", fork("quic", args));
            row("QUIC cubic", fork("cubic1452", args));
            for (String gso : System.getProperty("bench.gso", "").split(",")) {
                if (!gso.isBlank()) {
                    row("QUIC gso " + gso.trim(), fork("gso" + gso.trim(), args));
                }
            }
            return;
        }
        Result tcp = fork("tcp", args);
        Result tls = fork("tls", args);
        Result raw = fork("raw", args);
        Result quic = fork("quic", args);
        Result quicSmall = fork("quic128", args);
        Result lane = fork("lane", args);
        Result laneSmall = fork("lane128", args);
        Result laneJdk = fork("lanejdk", args);
        Result tcpSession = fork("tcpsession", args);
        Result cubic = fork("cubic", args);
        Result nio = fork("nio", args);

        System.out.printf(
                Locale.ROOT,
                "%n%-52s %10s %14s   %s%n",
                "transport (median of " + ROUNDS + ")",
                "MB/s",
                "CPU-s per GiB",
                "runs (MB/s)");
        row("plain TCP", tcp);
        row("TLS 1.3 over TCP (JDK SSLSocket)", tls);
        row("raw Netty QUIC, one stream, same tuning (baseline)", raw);
        row("Shoal QUIC session (epoll, GSO 16, 1452 B, BBR)", quic);
        row("  same, 128 KiB responses", quicSmall);
        row("Shoal QUIC session with its TCP lane (" + tlsEngine() + ")", lane);
        row("  same, 128 KiB responses", laneSmall);
        row("  same, the JDK's TLS engine", laneJdk);
        row("Shoal session over TLS on TCP only (UDP blocked)", tcpSession);
        row("  CUBIC, 1350 B payload (1/2 size)", cubic);
        row("  NIO transport, no GSO (1/8 size)", nio);
        System.out.printf(
                Locale.ROOT,
                "%nratio QUIC / TLS-over-TCP: %.2fx throughput, %.1fx CPU per GiB%n",
                quic.mbPerSecond() / tls.mbPerSecond(),
                quic.cpuSecondsPerGib() / tls.cpuSecondsPerGib());
        System.out.printf(
                Locale.ROOT,
                "ratio session with TCP lane / QUIC only: %.2fx throughput, %.2fx CPU per GiB%n",
                lane.mbPerSecond() / quic.mbPerSecond(),
                lane.cpuSecondsPerGib() / quic.cpuSecondsPerGib());
        connectionSetup(50);
    }

    private static String tlsEngine() {
        return io.netty.handler.ssl.OpenSsl.isAvailable() ? "BoringSSL" : "JDK TLS";
    }

    private static Result runCase(String name, long bytes, int chunk) throws Exception {
        return switch (name) {
            case "tcp" -> plainTcp(bytes);
            case "tls" -> tlsTcp(bytes);
            case "raw" -> {
                double[] r = RawQuicBaseline.run(bytes);
                yield new Result(r[0], r[1]);
            }
            case "quic" -> quic(bytes, chunk, QUIC_ONLY);
            case "quic128" -> quic(bytes, 128 * 1024, QUIC_ONLY);
            case "cubic" -> quic(bytes / 2, chunk, QUIC_ONLY.withCongestion(false, 1350));
            case "cubic1452" -> quic(bytes, chunk, QUIC_ONLY.withCongestion(false, 1452));
            case "nio" -> quic(bytes / 8, chunk, QUIC_ONLY.withEpoll(false, 1));
            case "lane" -> quic(bytes, chunk, QuicSettings.DEFAULT);
            case "lane128" -> quic(bytes, 128 * 1024, QuicSettings.DEFAULT);
            case "lanejdk" -> quic(bytes, chunk, QuicSettings.DEFAULT.withOpenSslTcp(false));
            case "tcpsession" -> quic(bytes, chunk, TCP_SESSION);
            default -> {
                if (name.startsWith("gso")) {
                    yield quic(bytes, chunk, QuicSettings.DEFAULT.withEpoll(true, Integer.parseInt(name.substring(3))));
                }
                throw new IllegalArgumentException("unknown case " + name);
            }
        };
    }

    /**
     * Runs one case in a fresh JVM with this one's options: measured in one process one after the other, a
     * transport ran on call sites the JIT had compiled for the ones before it (Netty's pipeline serves them all).
     */
    private static Result fork(String name, String[] args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-Dbench.case=")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-Dbench.case=" + name, "-cp", System.getProperty("java.class.path")));
        command.add(TransportBench.class.getName());
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String result = null;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        if (child.waitFor() != 0 || result == null) {
            throw new IllegalStateException("the run of " + name + " failed (exit " + child.exitValue() + ")");
        }
        String[] f = result.split(" ");
        return new Result(Double.parseDouble(f[1]), Double.parseDouble(f[2]), f.length > 3 ? f[3] : "");
    }

    interface Run {
        Result run() throws Exception;
    }

    static Result median(Run run) throws Exception {
        run.run(); // warm-up
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            results.add(run.run());
        }
        results.sort((a, b) -> Double.compare(a.mbPerSecond(), b.mbPerSecond()));
        Result middle = results.get(ROUNDS / 2);
        String runs = String.join(
                "/",
                results.stream()
                        .map(r -> String.format(Locale.ROOT, "%.0f", r.mbPerSecond()))
                        .toList());
        return new Result(middle.mbPerSecond(), middle.cpuSecondsPerGib(), runs);
    }

    static void row(String name, Result r) {
        System.out.printf(
                Locale.ROOT, "%-52s %10.0f %14.2f   %s%n", name, r.mbPerSecond(), r.cpuSecondsPerGib(), r.runs());
    }

    static Result measure(long bytes, Run body) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long t = System.nanoTime();
        body.run();
        double seconds = (System.nanoTime() - t) / 1e9;
        double cpuSeconds = (OS.getProcessCpuTime() - cpu) / 1e9;
        return new Result(bytes / MB / seconds, cpuSeconds / ((double) bytes / GIB));
    }

    // ---- QUIC ----

    static final class Server implements TransportListener {
        final byte[] payload;
        final AtomicLong controls = new AtomicLong();

        Server(int chunk) {
            payload = new byte[chunk];
            new java.util.Random(1).nextBytes(payload);
        }

        @Override
        public void connected(PeerConnection c) {
            c.setHandler(new PeerHandler() {
                @Override
                public void control(byte[] message) {
                    controls.incrementAndGet();
                }

                @Override
                public CompletableFuture<byte[]> request(byte[] request) {
                    return CompletableFuture.completedFuture(payload);
                }

                @Override
                public void closed(String reason) {}
            });
        }

        @Override
        public void pendingDevice(DeviceId device, String name, InetSocketAddress address) {}
    }

    static Result quic(long bytes, int chunk, QuicSettings settings) throws Exception {
        DeviceIdentity a = CERTS.create("a");
        DeviceIdentity b = CERTS.create("b");
        Set<DeviceId> both = Set.of(a.deviceId(), b.deviceId());
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (QuicEndpoint receiver = new QuicEndpoint(a, "a", any, settings, both::contains);
                QuicEndpoint sender = new QuicEndpoint(b, "b", any, settings, both::contains)) {
            Server server = new Server(chunk);
            sender.start(server);
            receiver.start(new Server(1));
            PeerConnection c = settings == TCP_SESSION
                    ? receiver.connectTcp(b.deviceId(), sender.localAddress()).get(10, TimeUnit.SECONDS)
                    : receiver.connect(b.deviceId(), sender.localAddress()).get(10, TimeUnit.SECONDS);
            String want = settings == TCP_SESSION ? "tcp" : settings.tcpLanes() ? "quic+tcp" : "quic";
            for (int i = 0; i < 500 && !c.transport().equals(want); i++) {
                Thread.sleep(10);
            }
            if (!c.transport().equals(want)) {
                throw new IllegalStateException("the session runs over " + c.transport() + ", not " + want);
            }
            long requests = bytes / chunk;
            int inflight = Integer.getInteger("bench.inflight", 32);
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch((int) requests);
            AtomicLong issued = new AtomicLong();
            AtomicLong received = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            // Each completed request issues the next one, so the window stays full without a waiting thread.
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                long i = issued.getAndIncrement();
                if (i >= requests) {
                    return;
                }
                if (i % (64 * 1024 * 1024 / chunk) == 0) {
                    c.sendControl(new byte[] {1});
                }
                c.request(new byte[16]).whenComplete((response, e) -> {
                    if (e != null) {
                        failure.set(e);
                    } else {
                        received.addAndGet(response.length);
                    }
                    done.countDown();
                    next[0].run();
                });
            };
            Result r = measure(bytes, () -> {
                for (int i = 0; i < inflight; i++) {
                    next[0].run();
                }
                if (!done.await(600, TimeUnit.SECONDS) || failure.get() != null) {
                    throw new IllegalStateException("transfer failed", failure.get());
                }
                return null;
            });
            if (received.get() != requests * chunk || server.controls.get() == 0) {
                throw new IllegalStateException("received " + received.get() + " of " + requests * chunk + " bytes");
            }
            return r;
        }
    }

    static void connectionSetup(int count) throws Exception {
        DeviceIdentity a = CERTS.create("a");
        DeviceIdentity b = CERTS.create("b");
        Set<DeviceId> both = Set.of(a.deviceId(), b.deviceId());
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        double[] millis = new double[count];
        try (QuicEndpoint client = new QuicEndpoint(a, "a", any, QuicSettings.DEFAULT, both::contains);
                QuicEndpoint server = new QuicEndpoint(b, "b", any, QuicSettings.DEFAULT, both::contains)) {
            server.start(new Server(1));
            client.start(new Server(1));
            for (int i = -5; i < count; i++) {
                long t = System.nanoTime();
                PeerConnection c =
                        client.connect(b.deviceId(), server.localAddress()).get(10, TimeUnit.SECONDS);
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - t) / 1e6;
                }
                c.close("bench");
            }
        }
        Arrays.sort(millis);
        System.out.printf(
                Locale.ROOT,
                "connection setup (TLS 1.3 mutual auth + hello), %d connections: median %.1f ms," + " p90 %.1f ms%n",
                count,
                millis[count / 2],
                millis[count * 9 / 10]);
    }

    // ---- TCP baselines ----

    static Result plainTcp(long bytes) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return streamOver(bytes, server, () -> new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        }
    }

    static Result tlsTcp(long bytes) throws Exception {
        DeviceIdentity id = CERTS.create("tls");
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(
                new javax.net.ssl.KeyManager[] {new DeviceKeyManager(id.certificate(), id.privateKey())},
                new javax.net.ssl.TrustManager[] {new AnyDeviceTrustManager()},
                null);
        try (SSLServerSocket server = (SSLServerSocket)
                ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            return streamOver(bytes, server, () -> {
                SSLSocket s = (SSLSocket)
                        ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                s.startHandshake();
                return s;
            });
        }
    }

    interface SocketFactory {
        Socket open() throws Exception;
    }

    static Result streamOver(long bytes, ServerSocket server, SocketFactory client) throws Exception {
        byte[] buf = new byte[1 << 20];
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept();
                    OutputStream out = s.getOutputStream()) {
                for (long done = 0; done < bytes; done += buf.length) {
                    out.write(buf);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Socket s = client.open();
                InputStream in = s.getInputStream()) {
            byte[] rbuf = new byte[1 << 20];
            return measure(bytes, () -> {
                long got = 0;
                while (got < bytes) {
                    int n = in.read(rbuf);
                    if (n < 0) {
                        throw new IllegalStateException("stream ended early");
                    }
                    got += n;
                }
                sent.get();
                return null;
            });
        }
    }
}
