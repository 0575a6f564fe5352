package dev.shoal.engine.spi;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The port through which the engine reaches other devices: authenticated, encrypted sessions with paired
 * devices only. Implemented by the QUIC transport; the engine never sees sockets or certificates.
 */
public interface Transport extends AutoCloseable {

    /** Starts listening; sessions and pending devices are reported to {@code listener}. */
    void start(TransportListener listener) throws java.io.IOException;

    /** The address peers can reach this device on (the bound port). */
    InetSocketAddress localAddress();

    /**
     * Opens a session to {@code expected} at {@code address}. Fails if the device there presents another
     * certificate, is not reachable, or does not complete the handshake in time.
     */
    CompletableFuture<PeerConnection> connect(DeviceId expected, InetSocketAddress address);

    @Override
    void close();
}
