package dev.shoal.transport.session;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The liveness check of a session, whatever carries it: every interval it sends a ping carrying its clock, and
 * a matching pong gives the round-trip time. A peer that answers nothing and sends nothing for a whole
 * interval is declared dead. A ping waiting long for its pong while the peer keeps sending is fine: its pong
 * is queued behind other control messages (a 100,000-file index takes a while to a busy device); closing then
 * made 20 peers of one hub drop and re-send whole indexes in a loop. All calls on the session's own thread.
 */
final class Heartbeat {
    /** What the heartbeat needs from its session. */
    interface Link {
        void sendPing(byte[] body);

        /** Bytes received on the connection so far, freshly counted (completes on the session's thread). */
        CompletableFuture<Long> received();

        void dead(String reason);
    }

    private final Duration interval;
    private final Link link;
    private ScheduledFuture<?> timer;
    private long pingSentNanos;
    private long receivedAtPing;
    private volatile double rttMillis;

    Heartbeat(Duration interval, Link link) {
        this.interval = interval;
        this.link = link;
    }

    void start(ScheduledExecutorService loop) {
        long every = interval.toMillis();
        // Fixed delay, not rate: after a stall (GC, a suspended laptop) missed ticks must not run back to back.
        timer = loop.scheduleWithFixedDelay(
                () -> link.received().thenAccept(this::tick), every, every, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** A pong arrived; one answering our last ping gives the round-trip time. */
    void pong(byte[] body) {
        if (body.length == Long.BYTES && ByteBuffer.wrap(body).getLong() == pingSentNanos && pingSentNanos != 0) {
            rttMillis = (System.nanoTime() - pingSentNanos) / 1e6;
            pingSentNanos = 0;
        }
    }

    double rttMillis() {
        return rttMillis;
    }

    private void tick(long received) {
        if (pingSentNanos != 0) {
            long waited = System.nanoTime() - pingSentNanos;
            if (received == receivedAtPing && waited >= interval.toNanos()) {
                link.dead("the peer stopped answering pings");
                return;
            }
            receivedAtPing = received;
            return;
        }
        receivedAtPing = received;
        pingSentNanos = System.nanoTime();
        link.sendPing(ByteBuffer.allocate(Long.BYTES).putLong(pingSentNanos).array());
    }
}
