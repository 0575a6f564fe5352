package dev.shoal.transport.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Control-message bytes handed to a transport and not yet taken by it (taken: the transport holds them, which
 * it does only as the peer's flow-control window opens), and who waits for that to shrink. Transport-neutral:
 * a session counts {@link #queued} from any thread and reports {@link #taken} and waits from its own thread.
 */
final class ControlBacklog {
    private static final Logger LOG = LoggerFactory.getLogger(ControlBacklog.class);
    private final AtomicLong bytes = new AtomicLong();
    /** Session thread only. */
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(long below, Runnable then) {}

    /** {@code n} bytes were handed to the session for sending (any thread). */
    void queued(long n) {
        bytes.addAndGet(n);
    }

    long bytes() {
        return bytes.get();
    }

    /** The transport took {@code n} bytes (session thread): waiters whose bound is now met run. */
    void taken(long n) {
        long left = bytes.addAndGet(-n);
        if (!waiters.isEmpty()) {
            run(w -> left < w.below());
        }
    }

    /** Runs {@code then} once fewer than {@code below} bytes wait, or at once if so now or {@code closed}. */
    void whenBelow(long below, Runnable then, boolean closed) {
        if (closed || bytes.get() < below) {
            then.run();
        } else {
            waiters.add(new Waiter(below, then));
        }
    }

    /** The connection is gone: nothing more will be taken, so every waiter runs (and finds it closed). */
    void closed() {
        run(w -> true);
    }

    private void run(Predicate<Waiter> due) {
        for (var it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (due.test(w)) {
                it.remove();
                try {
                    w.then().run();
                } catch (RuntimeException e) { // one waiter's failure must not stop the others, nor the close
                    LOG.warn("a control-backlog waiter failed", e);
                }
            }
        }
    }
}
