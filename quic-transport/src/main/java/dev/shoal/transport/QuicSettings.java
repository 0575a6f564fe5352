package dev.shoal.transport;

import java.time.Duration;

/**
 * Tuning of the QUIC endpoint. The defaults are the best of a loopback experiment on a 2-core Linux machine
 * (see the README): epoll with UDP GSO (16 segments), 1452-byte payloads, BBR, a 64 MiB connection window and
 * 16 MiB stream windows. Stream windows of 1-64 MiB measured alike; 256 KiB and 256 MiB were slower.
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
        int unadmittedTotal) {

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
            128);

    public QuicSettings withHandshakeTimeout(Duration timeout) {
        return new QuicSettings(
                epoll,
                gsoSegments,
                payloadSize,
                bbr,
                connectionWindow,
                streamWindow,
                socketBuffer,
                timeout,
                idleTimeout,
                pingInterval,
                maxFrameSize,
                unadmittedPerAddress,
                unadmittedTotal);
    }

    public QuicSettings withPingInterval(Duration interval) {
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
                interval,
                maxFrameSize,
                unadmittedPerAddress,
                unadmittedTotal);
    }

    public QuicSettings withEpoll(boolean on, int segments) {
        return new QuicSettings(
                on,
                segments,
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
                unadmittedTotal);
    }

    public QuicSettings withCongestion(boolean useBbr, int payload) {
        return new QuicSettings(
                epoll,
                gsoSegments,
                payload,
                useBbr,
                connectionWindow,
                streamWindow,
                socketBuffer,
                handshakeTimeout,
                idleTimeout,
                pingInterval,
                maxFrameSize,
                unadmittedPerAddress,
                unadmittedTotal);
    }

    public QuicSettings withUnadmittedLimits(int perAddress, int total) {
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
                perAddress,
                total);
    }
}
