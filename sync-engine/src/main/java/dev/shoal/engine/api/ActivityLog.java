package dev.shoal.engine.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The last {@link #KEPT} file changes made because of other devices, and listeners told of each new one. */
public final class ActivityLog {
    static final int KEPT = 200;

    private final Deque<Activity> recent = new ArrayDeque<>();
    private final List<Consumer<Activity>> listeners = new CopyOnWriteArrayList<>();

    public void add(Activity a) {
        synchronized (recent) {
            recent.addFirst(a);
            if (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
        for (Consumer<Activity> l : listeners) {
            l.accept(a);
        }
    }

    /** Newest first. */
    public List<Activity> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Called on the engine's threads: a listener must hand work off rather than block. */
    public void listen(Consumer<Activity> listener) {
        listeners.add(listener);
    }
}
