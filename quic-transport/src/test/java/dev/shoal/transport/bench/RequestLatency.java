package dev.shoal.transport.bench;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.transport.QuicEndpoint;
import dev.shoal.transport.QuicSettings;
import dev.shoal.transport.identity.CertificateFactory;
import dev.shoal.transport.identity.DeviceIdentity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Round-trip time of small requests (the shape of a small-file pull): one at a time, then many in flight.
 * Usage: RequestLatency [responseBytes] [count]
 */
public final class RequestLatency {
    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 32 * 1024;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        CertificateFactory certs = new CertificateFactory();
        DeviceIdentity a = certs.create("a");
        DeviceIdentity b = certs.create("b");
        Set<DeviceId> both = Set.of(a.deviceId(), b.deviceId());
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (QuicEndpoint receiver = new QuicEndpoint(a, "a", any, QuicSettings.DEFAULT, both::contains);
                QuicEndpoint sender = new QuicEndpoint(b, "b", any, QuicSettings.DEFAULT, both::contains)) {
            sender.start(new TransportBench.Server(size));
            receiver.start(new TransportBench.Server(1));
            PeerConnection c =
                    receiver.connect(b.deviceId(), sender.localAddress()).get(10, TimeUnit.SECONDS);
            for (int round = 0; round < 2; round++) { // the first round warms up the JIT
                long[] rtt = new long[count];
                for (int i = 0; i < count; i++) {
                    long t = System.nanoTime();
                    c.request(new byte[64]).get(10, TimeUnit.SECONDS);
                    rtt[i] = System.nanoTime() - t;
                }
                Arrays.sort(rtt);
                System.out.printf(
                        "one in flight, %d B responses: median %.3f ms, p90 %.3f ms, p99 %.3f ms%n",
                        size, rtt[count / 2] / 1e6, rtt[count * 9 / 10] / 1e6, rtt[count * 99 / 100] / 1e6);
                for (int inflight : new int[] {16, 64}) {
                    long t = System.nanoTime();
                    CompletableFuture<?>[] window = new CompletableFuture<?>[inflight];
                    for (int i = 0; i < count; i++) {
                        int slot = i % inflight;
                        if (window[slot] != null) {
                            window[slot].get(10, TimeUnit.SECONDS);
                        }
                        window[slot] = c.request(new byte[64]);
                    }
                    CompletableFuture.allOf(Arrays.stream(window)
                                    .filter(java.util.Objects::nonNull)
                                    .toArray(CompletableFuture[]::new))
                            .get(10, TimeUnit.SECONDS);
                    double secs = (System.nanoTime() - t) / 1e9;
                    System.out.printf("%d in flight: %.0f requests/s%n", inflight, count / secs);
                }
            }
        }
    }
}
