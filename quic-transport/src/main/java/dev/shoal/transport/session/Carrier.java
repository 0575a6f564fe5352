package dev.shoal.transport.session;

import dev.shoal.engine.spi.ConnectionStats;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link Session} needs from the transport that carries it: an ordered control channel, request lanes,
 * byte counters and a way to close. Everything else of a session (admission, hellos, heartbeat, backpressure)
 * is transport-neutral and lives in {@link Session}. Called on the carrier's event loop unless noted.
 */
interface Carrier {
    /** The single thread all of the session's state is confined to. */
    EventLoop eventLoop();

    /** Which transport this is, as status shows it ("quic", "tcp"). */
    String transport();

    /** Whether the underlying connection is still up (any thread). */
    boolean isActive();

    /** The peer's address while the connection knows it, else null (any thread). */
    InetSocketAddress liveRemoteAddress();

    /**
     * Writes one control frame after all earlier ones; the future completes once the transport has taken the bytes
     * (which it does only as the peer's flow control allows), or failed.
     */
    Future<?> writeControl(byte type, byte[] body);

    /** Stops or resumes reading the peer's control frames. */
    void readControl(boolean on);

    /** Sends a request on a data lane; completes with the response (any thread). */
    CompletableFuture<byte[]> request(byte[] body);

    /** Samples the byte counters afresh; completes on the event loop (any thread). */
    CompletableFuture<Void> refreshCounters();

    /** Bytes received so far, as of the last sample. */
    long bytesReceived();

    /** Counters and rates as of the last sample, with the session's round-trip time (any thread). */
    ConnectionStats stats(double rttMillis);

    /** Starts and stops periodic sampling of the counters. */
    void startCounters();

    void stopCounters();

    /** Whether bulk data may move to a TCP lane beside this carrier (QUIC: yes; TCP itself: no need). */
    default boolean takesLanes() {
        return false;
    }

    /** The peer offered a TCP bulk lane ({@link ControlType#LANE_OFFER}'s body); carriers without lanes ignore it. */
    default void laneOffered(byte[] offer) {}

    /** A TCP connection proved it belongs to this session: requests may now travel on it. False: not taken. */
    default boolean attachLane(TcpSession lane) {
        return false;
    }

    /** Closes the bulk lane, if any, at once. */
    default void dropLane(String reason) {}

    /** Closes the connection, telling the peer why where the transport can. */
    void close(CloseCode code, String reason);
}
