package dev.shoal.ui.view;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Runs the window's requests (disk, index, config) off the FX thread and brings the outcome back onto it, so
 * the window never freezes and controllers never hold engine logic.
 */
public final class Background {
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ui-worker");
        t.setDaemon(true);
        return t;
    });

    private Background() {}

    public interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work}; then {@code done} or {@code failed} (with a message for the user) on the FX thread. */
    public static void run(Work work, Runnable done, Consumer<String> failed) {
        call(
                () -> {
                    work.run();
                    return null;
                },
                ignored -> done.run(),
                failed);
    }

    public static <T> void call(Callable<T> work, Consumer<T> done, Consumer<String> failed) {
        WORKER.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> done.accept(result));
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                Platform.runLater(() -> failed.accept(message));
            }
        });
    }
}
