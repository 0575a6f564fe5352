package dev.shoal.transport.session;

import dev.shoal.engine.spi.ConnectionStats;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionStats;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Samples a connection's byte counters from the QUIC stack once a second and derives current rates. */
final class ConnectionMeter {
    private static final long PERIOD_MILLIS = 1000;

    private final QuicChannel channel;
    private volatile long sent;
    private volatile long received;
    private volatile long sendRate;
    private volatile long receiveRate;
    private long lastSampleNanos;
    private ScheduledFuture<?> timer;

    ConnectionMeter(QuicChannel channel) {
        this.channel = channel;
    }

    void start() {
        lastSampleNanos = System.nanoTime();
        timer = channel.eventLoop()
                .scheduleAtFixedRate(this::refresh, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    CompletableFuture<Void> refresh() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!channel.isActive()) {
            done.complete(null);
            return done;
        }
        channel.collectStats().addListener(f -> {
            if (f.isSuccess()) {
                sample((QuicConnectionStats) f.getNow());
            }
            done.complete(null);
        });
        return done;
    }

    private synchronized void sample(QuicConnectionStats s) {
        long now = System.nanoTime();
        double seconds = (now - lastSampleNanos) / 1e9;
        if (seconds >= 0.2) {
            sendRate = (long) ((s.sentBytes() - sent) / seconds);
            receiveRate = (long) ((s.recvBytes() - received) / seconds);
            lastSampleNanos = now;
        }
        sent = s.sentBytes();
        received = s.recvBytes();
    }

    /** Bytes received on the connection as of the last sample. */
    long received() {
        return received;
    }

    ConnectionStats stats(double rttMillis) {
        return new ConnectionStats(sent, received, rttMillis, sendRate, receiveRate);
    }
}
