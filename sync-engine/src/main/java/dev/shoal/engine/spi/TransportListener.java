package dev.shoal.engine.spi;

import java.net.InetSocketAddress;

/** Callbacks from the transport; called on transport threads, so implementations hand work off quickly. */
public interface TransportListener {

    /** A paired device connected to us (incoming) and completed the handshake. */
    void connected(PeerConnection connection);

    /** A device that is not paired tried to connect; it was refused and received no folder data. */
    void pendingDevice(DeviceId device, String name, InetSocketAddress address);

    /**
     * The device at the other end of {@code connection} (a relayed one) offers the public addresses it can be
     * reached at directly and is dialling this device's now: dial them back at once, so both NATs let the other's
     * packets in.
     */
    default void candidatesOffered(PeerConnection connection, java.util.List<InetSocketAddress> candidates) {}
}
