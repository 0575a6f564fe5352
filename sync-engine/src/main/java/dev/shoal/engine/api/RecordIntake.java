package dev.shoal.engine.api;

import dev.shoal.engine.spi.PeerConnection;

/**
 * Keeps one peer's records that arrived but are not stored yet within bounds. Records are stored on their
 * folder's own thread at the speed of SQLite, while a fast peer can send a whole index faster than that; past
 * {@code high} waiting records this device stops reading the peer's control messages, so the rest stays with
 * the peer (its sender waits on the transport's flow control), and reads again once fewer than {@code low}
 * wait.
 */
final class RecordIntake {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecordIntake.class);
    private final PeerConnection connection;
    private final int high;
    private final int low;
    private int waiting;
    private boolean paused;

    RecordIntake(PeerConnection connection, int high, int low) {
        this.connection = connection;
        this.high = high;
        this.low = low;
    }

    /** {@code n} records arrived and were handed on for storing. */
    synchronized void arrived(int n) {
        waiting += n;
        if (!paused && waiting > high) {
            paused = true;
            LOG.debug("{}: {} records waiting to be stored; reading paused", connection.device(), waiting);
            connection.pauseControlMessages(true);
        }
    }

    /** {@code n} records that {@link #arrived} are stored (or dropped: the folder closed). */
    synchronized void stored(int n) {
        waiting -= n;
        if (paused && waiting < low) {
            paused = false;
            connection.pauseControlMessages(false);
        }
    }

    synchronized int waiting() {
        return waiting;
    }
}
