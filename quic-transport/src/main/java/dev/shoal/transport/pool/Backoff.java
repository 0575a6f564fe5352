package dev.shoal.transport.pool;

import java.time.Duration;

/** Reconnect delays: {@code initial}, doubling after each failure, never above {@code max}. */
public record Backoff(Duration initial, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    public Duration delay(int failures) {
        long millis = initial.toMillis() << Math.min(failures, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
