package dev.shoal.engine.limit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The device-wide upload and download limits. Devices on the local network are exempt unless the user says
 * otherwise: the limits exist to spare a slow uplink, and LAN syncs are what Shoal is for.
 */
public final class RateLimits {
    private final RateLimiter send = new RateLimiter();
    private final RateLimiter receive = new RateLimiter();
    private volatile boolean limitLan;

    /**
     * @param sendBytesPerSecond upload cap (0: none)
     * @param receiveBytesPerSecond download cap (0: none)
     * @param lan whether devices on the local network are limited too
     */
    public void set(long sendBytesPerSecond, long receiveBytesPerSecond, boolean lan) {
        send.setRate(sendBytesPerSecond);
        receive.setRate(receiveBytesPerSecond);
        limitLan = lan;
    }

    /** Completes when {@code bytes} may be sent to the device at {@code peer}. */
    public CompletableFuture<Void> beforeSending(InetSocketAddress peer, long bytes) {
        return pace(send, peer, bytes);
    }

    /** Completes when {@code bytes} may be requested from the device at {@code peer}. */
    public CompletableFuture<Void> beforeReceiving(InetSocketAddress peer, long bytes) {
        return pace(receive, peer, bytes);
    }

    private CompletableFuture<Void> pace(RateLimiter limiter, InetSocketAddress peer, long bytes) {
        if (limiter.rate() <= 0 || (!limitLan && isLan(peer))) {
            return CompletableFuture.completedFuture(null);
        }
        long wait = limiter.reserve(bytes);
        if (wait <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        Executor later = CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS);
        return CompletableFuture.runAsync(() -> {}, later);
    }

    /** Loopback, private (RFC 1918), link-local and unique-local IPv6 addresses count as the local network. */
    static boolean isLan(InetSocketAddress peer) {
        InetAddress a = peer == null ? null : peer.getAddress();
        if (a == null) {
            return false;
        }
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
            return true;
        }
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }
}
