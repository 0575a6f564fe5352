package dev.shoal.transport.session;

import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a connection may cost before its peer is admitted, whatever transport carries it: a place among the
 * connections waiting for admission (counted per source and in all by the endpoint), and a read budget shared
 * by all its streams. Once the peer is trusted neither applies. Session thread only.
 */
final class PreAdmission {
    /**
     * Bytes a peer may send on all its streams together before its hello is accepted: a hello is well under
     * 2 KiB, and this is all a stranger can make a device hold per connection.
     */
    static final int UNADMITTED_BYTES = 64 * 1024;

    /** The endpoint's count of connections waiting for admission. */
    interface Waiting {
        /** Null to go on, or why a connection from {@code from} is refused. */
        String opened(InetSocketAddress from);

        void closed(InetSocketAddress from);
    }

    private final Waiting waiting;
    private final BooleanSupplier trusted;
    private final Consumer<String> overBudget;
    private int read;
    private boolean counted;
    private InetSocketAddress countedAs;

    /**
     * @param trusted whether the peer may send without limit now (admitted, or known by its certificate)
     * @param overBudget closes the connection, with the reason, when the peer sends more than it may
     */
    PreAdmission(Waiting waiting, BooleanSupplier trusted, Consumer<String> overBudget) {
        this.waiting = waiting;
        this.trusted = trusted;
        this.overBudget = overBudget;
    }

    /** An incoming connection from {@code from} starts waiting; returns null, or why it is refused. */
    String enter(InetSocketAddress from) {
        String refusal = waiting.opened(from);
        if (refusal == null) {
            counted = true;
            countedAs = from;
        }
        return refusal;
    }

    /** The connection was admitted or closed: it no longer waits. */
    void leave() {
        if (counted) {
            counted = false;
            waiting.closed(countedAs);
        }
    }

    /** The read budget all the connection's streams share. */
    ReadBudget budget() {
        return new ReadBudget() {
            @Override
            public int remaining() {
                return trusted.getAsBoolean() ? Integer.MAX_VALUE : Math.max(0, UNADMITTED_BYTES - read);
            }

            @Override
            public boolean spend(int bytes) {
                if (trusted.getAsBoolean()) {
                    return true;
                }
                read += bytes;
                if (read > UNADMITTED_BYTES) {
                    overBudget.accept("sent more than " + UNADMITTED_BYTES + " bytes before its hello was accepted");
                    return false;
                }
                return true;
            }
        };
    }
}
