package dev.shoal.ui.model;

import java.time.Duration;
import java.time.Instant;

/** Bytes per second from successive readings of a growing counter, smoothed so the figure does not flicker. */
final class Rate {
    private Instant lastAt;
    private long last;
    private double perSecond;

    /** Takes a reading and returns the current rate. */
    double update(long counter, Instant at) {
        if (lastAt != null && at.isAfter(lastAt)) {
            double seconds = Duration.between(lastAt, at).toNanos() / 1e9;
            double now = Math.max(0, counter - last) / seconds;
            perSecond = perSecond == 0 ? now : 0.5 * perSecond + 0.5 * now;
            if (now == 0 && perSecond < 1024) {
                perSecond = 0; // settle at zero instead of trailing off forever
            }
        }
        lastAt = at;
        last = counter;
        return perSecond;
    }
}
