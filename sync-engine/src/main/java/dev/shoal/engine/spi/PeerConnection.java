package dev.shoal.engine.spi;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * An authenticated session with one paired device: an ordered control channel for small messages and
 * request/response exchanges on separate data streams, so bulk transfers never delay control messages.
 */
public interface PeerConnection {

    DeviceId device();

    /** The name the peer announced in its hello. */
    String deviceName();

    InetSocketAddress remoteAddress();

    /**
     * Which run of the peer's process this connection belongs to (random per start; empty if unknown): a new
     * connection from another run means the peer restarted and any older connection to it is dead.
     */
    default String peerInstance() {
        return "";
    }

    /** Which transport carries the session, as status shows it: "quic" or "tcp" ("" if the transport does not say). */
    default String transport() {
        return "";
    }

    /** Sends one message on the control stream; messages arrive in order. */
    void sendControl(byte[] message);

    /**
     * Runs {@code then} once fewer than {@code bytes} of control messages wait to be sent, or the connection has
     * closed (at once if so already; possibly on the transport's own thread, so keep it short). A sender of many
     * messages, such as a whole index, uses it to stay only a few megabytes ahead of what the peer takes in.
     */
    default void whenControlBacklogBelow(long bytes, Runnable then) {
        then.run();
    }

    /** Bytes of control messages handed to {@link #sendControl} that the transport has not sent yet. */
    default long controlBacklog() {
        return 0;
    }

    /**
     * Stops delivering the peer's control messages until called with false; the transport's flow control then
     * holds the peer's sender back (its {@link #controlBacklog} grows), so a device that cannot store records as
     * fast as they arrive does not buffer them all. Data requests in both directions go on.
     */
    default void pauseControlMessages(boolean paused) {}

    /** Sends {@code request} on a data stream (never the control stream) and completes with the peer's response. */
    CompletableFuture<byte[]> request(byte[] request);

    /** Installs the handler for messages and requests from the peer; set it before the first message can arrive. */
    void setHandler(PeerHandler handler);

    ConnectionStats stats();

    /** True when this device dialled the peer; false for a connection the peer opened. */
    boolean outgoing();

    /** Runs {@code callback} with the reason once the connection has closed (at once if it already has). */
    void onClose(java.util.function.Consumer<String> callback);

    boolean isOpen();

    void close(String reason);

    /**
     * Tells the peer the public addresses this device can be reached at directly, so it dials them while this
     * device dials its (hole punching over a relayed connection). No-op where the transport cannot carry it.
     */
    default void offerCandidates(java.util.List<InetSocketAddress> candidates) {}
}
