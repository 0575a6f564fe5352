package dev.shoal.app.daemon;

import dev.shoal.store.fs.FolderLayout;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one folder (natively recursive on macOS and Windows, inotify on Linux) and asks for a rescan of the
 * changed paths once changes have settled for {@link #QUIET_MILLIS}, or at the latest {@link #MAX_DELAY_MILLIS}
 * after the first one, so a burst of writes costs one scan and a steady stream still gets synced. Shoal's own
 * temp files and metadata are not changes. When the OS lost events, the whole folder is rescanned.
 */
final class FolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
    static final long QUIET_MILLIS = 500;
    static final long MAX_DELAY_MILLIS = 3_000;

    private final Path root;
    private final Consumer<Set<String>> rescan;
    /** Relative paths changed since the last rescan was asked for; "" means the whole folder. */
    private final Set<String> changed = new HashSet<>();

    private final ScheduledExecutorService scheduler;
    private final DirectoryWatcher watcher;
    private ScheduledFuture<?> pending;
    private long firstChange;

    private FolderWatcher(Path root, Consumer<Set<String>> rescan, ScheduledExecutorService scheduler)
            throws IOException {
        this.root = root;
        this.rescan = rescan;
        this.scheduler = scheduler;
        this.watcher = DirectoryWatcher.builder()
                .path(root)
                .fileHashing(false)
                .listener(this::changed)
                .build();
    }

    /** Starts watching; fails (the caller falls back to periodic rescans) when the OS refuses a watch. */
    static FolderWatcher start(Path root, Consumer<Set<String>> rescan, ScheduledExecutorService scheduler)
            throws IOException {
        FolderWatcher w = new FolderWatcher(root, rescan, scheduler);
        w.watcher.watchAsync();
        return w;
    }

    private void changed(DirectoryChangeEvent event) {
        Path path = event.path();
        if (path == null || event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) {
            schedule(""); // events were lost: a full rescan finds whatever they were
            return;
        }
        if (!path.startsWith(root)) {
            return;
        }
        String name = root.relativize(path).toString().replace('\\', '/');
        if (name.isEmpty()
                || FolderLayout.isInternal(name)
                || FolderLayout.isTemp(path.getFileName().toString())) {
            return;
        }
        schedule(name);
    }

    private synchronized void schedule(String name) {
        changed.add(name);
        long now = System.currentTimeMillis();
        if (pending == null || pending.isDone()) {
            firstChange = now;
        } else {
            pending.cancel(false);
        }
        long delay = Math.min(QUIET_MILLIS, Math.max(0, firstChange + MAX_DELAY_MILLIS - now));
        pending = scheduler.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        Set<String> paths;
        synchronized (this) {
            paths = Set.copyOf(changed);
            changed.clear();
        }
        try {
            rescan.accept(paths);
        } catch (RuntimeException e) {
            LOG.warn("rescan after a change in {} failed: {}", root, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watcher of {}: {}", root, e.getMessage());
        }
    }
}
