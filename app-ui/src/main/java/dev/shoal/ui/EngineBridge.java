package dev.shoal.ui;

import dev.shoal.engine.api.Activity;
import dev.shoal.ui.model.MainViewModel;
import dev.shoal.ui.service.ShoalService;
import dev.shoal.ui.service.Snapshot;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way engine state reaches the window. A background thread reads a snapshot twice a second, and
 * activity arrives from the engine's threads; both are parked here and handed to the view model in a single
 * task on the FX thread, however many arrived meanwhile. Nothing else touches JavaFX from outside it.
 */
public final class EngineBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineBridge.class);
    static final long PERIOD_MILLIS = 500;

    private final ShoalService service;
    private final MainViewModel model;
    private final Executor fxThread;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ui-bridge");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();
    private final Queue<Activity> activity = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();

    public EngineBridge(ShoalService service, MainViewModel model, Executor fxThread) {
        this.service = service;
        this.model = model;
        this.fxThread = fxThread;
    }

    public void start() {
        service.activity().recent().reversed().forEach(activity::add);
        service.activity().listen(a -> {
            if (!poller.isShutdown()) {
                activity.add(a);
                queueFlush();
            }
        });
        poller.scheduleWithFixedDelay(this::poll, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Reads a fresh snapshot now (after the user changed something), instead of at the next tick. */
    public void refreshSoon() {
        poller.execute(this::poll);
    }

    private void poll() {
        try {
            latest.set(service.snapshot());
            queueFlush();
        } catch (RuntimeException e) {
            LOG.warn("reading Shoal's state for the window failed: {}", e.toString());
        }
    }

    private void queueFlush() {
        if (flushQueued.compareAndSet(false, true)) {
            fxThread.execute(this::flush);
        }
    }

    /** On the FX thread: everything that arrived since the last flush, in one go. */
    private void flush() {
        flushQueued.set(false);
        Snapshot s = latest.getAndSet(null);
        if (s != null) {
            model.apply(s);
        }
        for (Activity a; (a = activity.poll()) != null; ) {
            model.add(a);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
