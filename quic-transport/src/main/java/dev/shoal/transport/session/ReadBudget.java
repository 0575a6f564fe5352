package dev.shoal.transport.session;

/**
 * How much a peer may still send on a connection. Until the peer is admitted (its hello accepted) that is a
 * small fixed amount per connection, so a stranger can make this device hold only a few KiB whatever it
 * announces; once admitted, the frame size limit alone applies.
 */
public interface ReadBudget {
    /** Never limits: for connections whose peer is already trusted. */
    ReadBudget UNLIMITED = new ReadBudget() {
        @Override
        public int remaining() {
            return Integer.MAX_VALUE;
        }

        @Override
        public boolean spend(int bytes) {
            return true;
        }
    };

    /** Bytes the peer may still send now; {@link Integer#MAX_VALUE} when it is admitted. */
    int remaining();

    /** Counts {@code bytes} more read from the peer; false when that is more than it may send (it is closed). */
    boolean spend(int bytes);
}
