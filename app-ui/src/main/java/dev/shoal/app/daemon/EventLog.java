package dev.shoal.app.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What happened in the daemon, as typed events with increasing ids, for scripts that follow it
 * ({@code GET /rest/events}, {@code shoal events}). The newest {@value #CAPACITY} are kept: a client that falls
 * further behind learns how many it missed instead of silently losing them.
 */
public final class EventLog {
    static final int CAPACITY = 2000;

    /** One event; {@code data}'s keys depend on {@code type} (see the README). */
    public record Event(long id, Instant time, String type, Map<String, Object> data) {}

    /** Events after the id asked for, how many of those were dropped before they could be read, the last id. */
    public record Page(List<Event> events, long missed, long lastId) {}

    private final ArrayDeque<Event> kept = new ArrayDeque<>();
    private long lastId;

    public synchronized void publish(String type, Map<String, Object> data) {
        kept.addLast(new Event(++lastId, Instant.now(), type, Map.copyOf(data)));
        if (kept.size() > CAPACITY) {
            kept.removeFirst();
        }
        notifyAll();
    }

    /**
     * The events after {@code since}, waiting up to {@code timeout} for one when there are none yet (a long poll);
     * at most {@code limit} of them.
     */
    public synchronized Page since(long since, Duration timeout, int limit) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lastId <= since) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Page(List.of(), 0, lastId);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        long oldest = kept.isEmpty() ? lastId + 1 : kept.peekFirst().id();
        long missed = Math.max(0, oldest - (since + 1));
        List<Event> out = new ArrayList<>();
        for (Event e : kept) {
            if (e.id() > since && out.size() < limit) {
                out.add(e);
            }
        }
        return new Page(out, missed, lastId);
    }
}
