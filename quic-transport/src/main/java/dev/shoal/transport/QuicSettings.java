package dev.shoal.transport;

import java.time.Duration;

/**
 * Every tuning knob of the transport module, in one place. The defaults are the best of a loopback experiment on a
 * 2-core Linux machine (see {@code bench/README.md}): epoll with UDP GSO (16 segments), 1452-byte payloads, BBR, a
 * 64 MiB connection window and 16 MiB stream windows. Stream windows of 1-64 MiB measured alike; 256 KiB and
 * 256 MiB were slower. {@link #fromSystemProperties()} lets an operator override the few knobs meant for
 * experiments without a rebuild; nothing else reads system properties.
 *
 * @param epoll use the epoll transport where available (NIO otherwise; about 10x slower)
 * @param gsoSegments UDP segments sent per syscall with GSO (1 = off)
 * @param payloadSize max UDP payload of QUIC packets
 * @param bbr BBR congestion control (CUBIC otherwise): Netty does not pace, and CUBIC bursts overflow buffers
 * @param connectionWindow initial connection flow-control window
 * @param streamWindow initial per-stream flow-control window
 * @param socketBuffer SO_RCVBUF / SO_SNDBUF
 * @param handshakeTimeout TLS + hello must complete within this
 * @param idleTimeout a connection with no traffic at all for this long is closed
 * @param pingInterval health-check ping on the control stream
 * @param maxFrameSize largest accepted frame; larger ones close the connection with code 3
 * @param unadmittedPerAddress incoming connections waiting for admission (no hello accepted yet) from one
 *     address (IPv6: one /64); more are refused during the handshake and the peer retries later
 * @param unadmittedTotal incoming connections waiting for admission in all
 * @param dataLanes data streams this device opens per connection for its requests, the next one only while
 *     every open one is busy ({@code -Dshoal.dataLanes}; see {@code DataLanes} for the measurement behind 2)
 * @param maxServing peer requests taken in and not yet wholly answered, per connection, beyond which the
 *     peer's data streams stop being read so flow control holds it back ({@code -Dshoal.maxServing})
 * @param sharePort client and server share the UDP port (SO_REUSEPORT) where the platform allows;
 *     false gives the old layout with a second, ephemeral client port, for comparisons ({@code -Dshoal.sharePort})
 * @param tcp also serve and dial sessions over TLS 1.3 on TCP, on the same port number, for networks that
 *     drop UDP
 * @param tcpFallbackDelay how long a dial waits for QUIC before it tries TCP as well (the first session
 *     to open wins)
 * @param openSslTcp TLS over TCP through OpenSSL (BoringSSL) where its native library loads, the JDK's
 *     engine otherwise
 * @param tcpLanes move bulk requests of a QUIC session to a TCP lane beside it when both devices can
 *     (the session, admission and control stay on QUIC)
 */
public record QuicSettings(
        boolean epoll,
        int gsoSegments,
        int payloadSize,
        boolean bbr,
        long connectionWindow,
        long streamWindow,
        int socketBuffer,
        Duration handshakeTimeout,
        Duration idleTimeout,
        Duration pingInterval,
        int maxFrameSize,
        int unadmittedPerAddress,
        int unadmittedTotal,
        int dataLanes,
        int maxServing,
        boolean sharePort,
        boolean tcp,
        Duration tcpFallbackDelay,
        boolean openSslTcp,
        boolean tcpLanes) {

    public static final QuicSettings DEFAULT = new QuicSettings(
            true,
            16,
            1452,
            true,
            64L << 20,
            16L << 20,
            4 << 20,
            Duration.ofSeconds(10),
            Duration.ofSeconds(300),
            Duration.ofSeconds(30),
            16 << 20,
            32,
            128,
            2,
            128,
            true,
            true,
            Duration.ofSeconds(3),
            true,
            true);

    /**
     * The defaults, with {@code -Dshoal.dataLanes}, {@code -Dshoal.maxServing}, {@code -Dshoal.sharePort},
     * {@code -Dshoal.tcp} and {@code -Dshoal.tcpLanes} applied.
     */
    public static QuicSettings fromSystemProperties() {
        Builder b = DEFAULT.toBuilder();
        b.dataLanes = Math.max(1, Integer.getInteger("shoal.dataLanes", DEFAULT.dataLanes));
        b.maxServing = Math.max(1, Integer.getInteger("shoal.maxServing", DEFAULT.maxServing));
        b.sharePort = Boolean.parseBoolean(System.getProperty("shoal.sharePort", String.valueOf(DEFAULT.sharePort)));
        b.tcp = Boolean.parseBoolean(System.getProperty("shoal.tcp", String.valueOf(DEFAULT.tcp)));
        b.tcpLanes = Boolean.parseBoolean(System.getProperty("shoal.tcpLanes", String.valueOf(DEFAULT.tcpLanes)));
        return b.build();
    }

    public QuicSettings withHandshakeTimeout(Duration timeout) {
        Builder b = toBuilder();
        b.handshakeTimeout = timeout;
        return b.build();
    }

    public QuicSettings withPingInterval(Duration interval) {
        Builder b = toBuilder();
        b.pingInterval = interval;
        return b.build();
    }

    public QuicSettings withEpoll(boolean on, int segments) {
        Builder b = toBuilder();
        b.epoll = on;
        b.gsoSegments = segments;
        return b.build();
    }

    public QuicSettings withCongestion(boolean useBbr, int payload) {
        Builder b = toBuilder();
        b.bbr = useBbr;
        b.payloadSize = payload;
        return b.build();
    }

    public QuicSettings withUnadmittedLimits(int perAddress, int total) {
        Builder b = toBuilder();
        b.unadmittedPerAddress = perAddress;
        b.unadmittedTotal = total;
        return b.build();
    }

    public QuicSettings withDataLanes(int lanes) {
        Builder b = toBuilder();
        b.dataLanes = lanes;
        return b.build();
    }

    public QuicSettings withMaxServing(int requests) {
        Builder b = toBuilder();
        b.maxServing = requests;
        return b.build();
    }

    public QuicSettings withSharePort(boolean share) {
        Builder b = toBuilder();
        b.sharePort = share;
        return b.build();
    }

    public QuicSettings withTcp(boolean on, Duration fallbackDelay) {
        Builder b = toBuilder();
        b.tcp = on;
        b.tcpFallbackDelay = fallbackDelay;
        return b.build();
    }

    public QuicSettings withOpenSslTcp(boolean on) {
        Builder b = toBuilder();
        b.openSslTcp = on;
        return b.build();
    }

    public QuicSettings withTcpLanes(boolean on) {
        Builder b = toBuilder();
        b.tcpLanes = on;
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.epoll = epoll;
        b.gsoSegments = gsoSegments;
        b.payloadSize = payloadSize;
        b.bbr = bbr;
        b.connectionWindow = connectionWindow;
        b.streamWindow = streamWindow;
        b.socketBuffer = socketBuffer;
        b.handshakeTimeout = handshakeTimeout;
        b.idleTimeout = idleTimeout;
        b.pingInterval = pingInterval;
        b.maxFrameSize = maxFrameSize;
        b.unadmittedPerAddress = unadmittedPerAddress;
        b.unadmittedTotal = unadmittedTotal;
        b.dataLanes = dataLanes;
        b.maxServing = maxServing;
        b.sharePort = sharePort;
        b.tcp = tcp;
        b.tcpFallbackDelay = tcpFallbackDelay;
        b.openSslTcp = openSslTcp;
        b.tcpLanes = tcpLanes;
        return b;
    }

    /** A mutable copy, so each {@code with} method names only what it changes. */
    private static final class Builder {
        boolean epoll;
        int gsoSegments;
        int payloadSize;
        boolean bbr;
        long connectionWindow;
        long streamWindow;
        int socketBuffer;
        Duration handshakeTimeout;
        Duration idleTimeout;
        Duration pingInterval;
        int maxFrameSize;
        int unadmittedPerAddress;
        int unadmittedTotal;
        int dataLanes;
        int maxServing;
        boolean sharePort;
        boolean tcp;
        Duration tcpFallbackDelay;
        boolean openSslTcp;
        boolean tcpLanes;

        QuicSettings build() {
            return new QuicSettings(
                    epoll,
                    gsoSegments,
                    payloadSize,
                    bbr,
                    connectionWindow,
                    streamWindow,
                    socketBuffer,
                    handshakeTimeout,
                    idleTimeout,
                    pingInterval,
                    maxFrameSize,
                    unadmittedPerAddress,
                    unadmittedTotal,
                    dataLanes,
                    maxServing,
                    sharePort,
                    tcp,
                    tcpFallbackDelay,
                    openSslTcp,
                    tcpLanes);
        }
    }
}
