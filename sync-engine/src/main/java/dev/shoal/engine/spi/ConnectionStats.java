package dev.shoal.engine.spi;

/**
 * Traffic of one connection.
 *
 * @param bytesSent bytes sent on the wire (including protocol overhead)
 * @param bytesReceived bytes received on the wire
 * @param rttMillis smoothed round-trip time
 * @param sendRate recent send throughput in bytes per second
 * @param receiveRate recent receive throughput in bytes per second
 */
public record ConnectionStats(long bytesSent, long bytesReceived, double rttMillis, long sendRate, long receiveRate) {
    public static final ConnectionStats NONE = new ConnectionStats(0, 0, 0, 0, 0);
}
