package dev.shoal.app.daemon;

import dev.shoal.engine.spi.ConnectionStats;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.transport.pool.ConnectionPool;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bytes sent to and received from each device since the daemon started, across all its connections. */
final class TrafficTotals {
    /** What connections that have closed carried, per device: {sent, received}. */
    private final Map<DeviceId, long[]> closed = new ConcurrentHashMap<>();

    /** Counts {@code connection}'s bytes into its device's total once it closes. */
    void track(PeerConnection connection) {
        connection.onClose(reason -> {
            ConnectionStats last = connection.stats();
            closed.merge(connection.device(), new long[] {last.bytesSent(), last.bytesReceived()}, (x, y) ->
                    new long[] {x[0] + y[0], x[1] + y[1]});
        });
    }

    /** {sent, received} for {@code device}: its closed connections plus the pool's open one. */
    long[] of(DeviceId device, ConnectionPool pool) {
        long[] done = closed.getOrDefault(device, new long[2]);
        ConnectionStats now = pool.connection(device).map(PeerConnection::stats).orElse(ConnectionStats.NONE);
        return new long[] {done[0] + now.bytesSent(), done[1] + now.bytesReceived()};
    }
}
