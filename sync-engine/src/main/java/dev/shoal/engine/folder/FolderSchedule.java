package dev.shoal.engine.folder;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loop that decides what a folder does next, on the folder's own thread: scans, pulls and the user's
 * actions run one at a time, in the order they were asked for. Asking again for a scan, a full pull or a pull of
 * newly arrived records while one is already waiting adds nothing but the scan's paths: the waiting one will see
 * every change made before it runs. A step that throws is logged; the loop goes on.
 */
final class FolderSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderSchedule.class);

    /** What the loop runs. */
    interface Steps {
        /** Scans these paths (empty: the whole folder). */
        void scan(Set<String> paths);

        /** Pulls everything any peer has newer. */
        void pullAll();

        /** Pulls what peers sent since the last such pull. */
        void pullArrived();
    }

    /** Stands for "the whole folder" among the paths waiting for a scan. */
    static final String WHOLE_FOLDER = "";

    private enum Kind {
        SCAN,
        PULL_ALL,
        PULL_ARRIVED,
        TASK
    }

    private record Step(Kind kind, Runnable task) {}

    private final String name;
    private final Steps steps;
    private final ScheduledThreadPoolExecutor thread;
    private final Queue<Step> queue = new ArrayDeque<>();
    private final Set<String> scanPaths = new HashSet<>();
    private boolean scanQueued;
    private boolean pullAllQueued;
    private boolean pullArrivedQueued;
    private boolean running;
    private final AtomicBoolean retrySet = new AtomicBoolean();
    private boolean closed;

    FolderSchedule(String folderId, Steps steps) {
        this.name = folderId;
        this.steps = steps;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "folder-" + folderId));
        this.thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Scans the entries at and below {@code paths} (empty: everything), together with any scan already asked for. */
    synchronized void scan(Collection<String> paths) {
        scanPaths.addAll(paths.isEmpty() ? Set.of(WHOLE_FOLDER) : paths);
        if (!scanQueued) {
            scanQueued = true;
            enqueue(new Step(Kind.SCAN, null));
        }
    }

    synchronized void pullAll() {
        if (!pullAllQueued) {
            pullAllQueued = true;
            enqueue(new Step(Kind.PULL_ALL, null));
        }
    }

    synchronized void pullArrived() {
        if (!pullArrivedQueued) {
            pullArrivedQueued = true;
            enqueue(new Step(Kind.PULL_ARRIVED, null));
        }
    }

    /** Runs {@code task} on the folder's thread after everything asked for before it. */
    synchronized void run(Runnable task) {
        enqueue(new Step(Kind.TASK, task));
    }

    /** Asks for a full pull after {@code seconds}, unless one is already set for later (a full disk's retry). */
    void pullAllLater(long seconds) {
        if (!retrySet.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.schedule(
                    () -> {
                        retrySet.set(false);
                        pullAll();
                    },
                    seconds,
                    TimeUnit.SECONDS);
        } catch (RejectedExecutionException closing) {
            retrySet.set(false); // closed: nothing more to pull
        }
    }

    private void enqueue(Step step) {
        if (closed) {
            return;
        }
        queue.add(step);
        if (!running) {
            running = true;
            try {
                thread.execute(this::loop);
            } catch (RejectedExecutionException e) {
                running = false;
            }
        }
    }

    private void loop() {
        while (true) {
            Step step;
            Set<String> paths = null;
            synchronized (this) {
                step = closed ? null : queue.poll();
                if (step == null) {
                    running = false;
                    return;
                }
                switch (step.kind()) {
                    case SCAN -> {
                        scanQueued = false;
                        paths = Set.copyOf(scanPaths);
                        scanPaths.clear();
                    }
                    case PULL_ALL -> pullAllQueued = false;
                    case PULL_ARRIVED -> pullArrivedQueued = false;
                    case TASK -> {}
                }
            }
            try {
                switch (step.kind()) {
                    case SCAN -> steps.scan(paths.contains(WHOLE_FOLDER) ? Set.of() : paths);
                    case PULL_ALL -> steps.pullAll();
                    case PULL_ARRIVED -> steps.pullArrived();
                    case TASK -> step.task().run();
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: {} failed", name, step.kind().name().toLowerCase(), e);
            }
            if (Thread.currentThread().isInterrupted()) {
                return; // closing
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        thread.shutdownNow();
    }
}
