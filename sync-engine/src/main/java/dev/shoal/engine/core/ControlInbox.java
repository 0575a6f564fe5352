package dev.shoal.engine.core;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's control messages on their way from the transport to the engine. The transport hands each message
 * in on its network thread; decoding and handling happen here, one message at a time and in order, on a pool
 * thread, so a message that is costly to decode stalls only its own peer, never the event loop every
 * connection shares. Bytes waiting here count toward the peer's {@link RecordIntake}, which stops reading
 * the peer's control stream while too much waits.
 */
final class ControlInbox {
    private static final Logger LOG = LoggerFactory.getLogger(ControlInbox.class);
    private final Executor executor;
    private final Consumer<byte[]> handler;
    private final RecordIntake intake;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean draining;

    ControlInbox(Executor executor, RecordIntake intake, Consumer<byte[]> handler) {
        this.executor = executor;
        this.intake = intake;
        this.handler = handler;
    }

    void arrived(byte[] message) {
        intake.bytesArrived(message.length);
        synchronized (this) {
            queue.add(message);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) { // the engine is closing: nothing will read these
                queue.clear();
                draining = false;
            }
        }
    }

    private void drain() {
        while (true) {
            byte[] next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                handler.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("a control message failed", e);
            } finally {
                intake.bytesHandled(next.length);
            }
        }
    }
}
