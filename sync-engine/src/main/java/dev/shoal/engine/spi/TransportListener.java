package dev.shoal.engine.spi;

import java.net.InetSocketAddress;

/** Callbacks from the transport; called on transport threads, so implementations hand work off quickly. */
public interface TransportListener {

    /** A paired device connected to us (incoming) and completed the handshake. */
    void connected(PeerConnection connection);

    /** A device that is not paired tried to connect; it was refused and received no folder data. */
    void pendingDevice(DeviceId device, String name, InetSocketAddress address);
}
