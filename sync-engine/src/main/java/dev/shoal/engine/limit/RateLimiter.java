package dev.shoal.engine.limit;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paces bytes to a rate: each reservation is told how long to wait before its bytes may go, so that over any
 * stretch the bytes sent stay near the rate. A quarter second of unused allowance may be spent at once, so a
 * lull followed by one chunk does not wait needlessly. A rate of 0 means unlimited.
 */
public final class RateLimiter {
    private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final LongSupplier nanoClock;
    private volatile long bytesPerSecond;
    private long nextFree;

    public RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.nextFree = nanoClock.getAsLong();
    }

    public RateLimiter() {
        this(System::nanoTime);
    }

    /** Changes the rate (0: unlimited); reservations already made keep their times. */
    public void setRate(long bytesPerSecond) {
        this.bytesPerSecond = Math.max(0, bytesPerSecond);
    }

    public long rate() {
        return bytesPerSecond;
    }

    /** Reserves {@code bytes} and returns how many nanoseconds to wait before sending them. */
    public synchronized long reserve(long bytes) {
        long rate = bytesPerSecond;
        long now = nanoClock.getAsLong();
        if (rate <= 0) {
            nextFree = now;
            return 0;
        }
        if (nextFree < now - BURST_NANOS) {
            nextFree = now - BURST_NANOS; // idle time earns at most a short burst
        }
        long wait = Math.max(0, nextFree - now);
        nextFree += (long) (bytes * 1e9 / rate);
        return wait;
    }
}
