package dev.shoal.transport.session;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.transport.QuicSettings;
import java.net.InetSocketAddress;

/** What a session needs from the endpoint that owns it. */
public interface SessionHost {
    QuicSettings settings();

    Hello localHello();

    boolean isPaired(DeviceId device);

    /**
     * A device at {@code from} opened a connection that waits for admission. Returns null to go on, or why it
     * is refused (too many such connections from that address, or in all).
     */
    String unadmittedOpened(Session session, InetSocketAddress from);

    /** A connection counted by {@link #unadmittedOpened} was admitted or closed. */
    void unadmittedClosed(Session session, InetSocketAddress from);

    /** An incoming session passed the handshake. */
    void admitted(Session session);

    /** An unpaired device said hello; it has been refused. */
    void pending(DeviceId device, String name, InetSocketAddress address);

    void closed(Session session);

    /** The body of a bulk-lane offer for this admitted session (TCP port and one-time token), or null: no lanes. */
    default byte[] laneOffer(Session session) {
        return null;
    }

    /** The session a lane token was offered for, if it is valid and {@code joiner} is that session's peer; consumes it. */
    default Session laneJoin(byte[] token, DeviceId joiner) {
        return null;
    }

    /** The peer of {@code session} offered a lane at {@code address} with {@code token}: dial it. */
    default void dialLane(Session session, InetSocketAddress address, byte[] token) {}

    /** The peer of {@code session} offered addresses to punch towards. */
    default void candidatesOffered(Session session, java.util.List<InetSocketAddress> candidates) {}
}
