package dev.shoal.app;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded polling for tests that wait on real processes, sockets and files. */
public final class Await {
    private Await() {}

    public static void until(BooleanSupplier condition, String what, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutSeconds + " s waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
