package dev.shoal.engine.core;

import dev.shoal.engine.spi.PeerConnection;

/**
 * Keeps what one peer sent and this device has not dealt with yet within bounds: records that arrived but are
 * not stored, and control bytes not decoded yet. Records are stored on their folder's own thread at the speed
 * of SQLite, while a fast peer can send a whole index faster than that; past {@code high} waiting records, or
 * {@link #BYTES_HIGH} undecoded bytes, this device stops reading the peer's control messages, so the rest stays
 * with the peer (its sender waits on the transport's flow control), and reads again once fewer than {@code low}
 * records and {@link #BYTES_LOW} bytes wait.
 */
final class RecordIntake {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecordIntake.class);
    /** Undecoded control bytes of one peer above which reading its control stream pauses. */
    static final long BYTES_HIGH = 16L << 20;

    static final long BYTES_LOW = 4L << 20;
    private final PeerConnection connection;
    private final int high;
    private final int low;
    private int waiting;
    private long bytes;
    private boolean paused;

    RecordIntake(PeerConnection connection, int high, int low) {
        this.connection = connection;
        this.high = high;
        this.low = low;
    }

    /** {@code n} records arrived and were handed on for storing. */
    synchronized void arrived(int n) {
        waiting += n;
        settle();
    }

    /** {@code n} records that {@link #arrived} are stored (or dropped: the folder closed). */
    synchronized void stored(int n) {
        waiting -= n;
        settle();
    }

    /** A control message of {@code n} bytes is queued for decoding. */
    synchronized void bytesArrived(long n) {
        bytes += n;
        settle();
    }

    /** A queued control message of {@code n} bytes has been decoded and handled. */
    synchronized void bytesHandled(long n) {
        bytes -= n;
        settle();
    }

    private void settle() {
        if (!paused && (waiting > high || bytes > BYTES_HIGH)) {
            paused = true;
            LOG.debug("{}: {} records and {} bytes waiting; reading paused", connection.device(), waiting, bytes);
            connection.pauseControlMessages(true);
        } else if (paused && waiting < low && bytes < BYTES_LOW) {
            paused = false;
            connection.pauseControlMessages(false);
        }
    }

    synchronized int waiting() {
        return waiting;
    }
}
