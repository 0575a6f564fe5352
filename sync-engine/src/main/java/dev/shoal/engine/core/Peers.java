package dev.shoal.engine.core;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The connection in use to each connected peer. Safe from any thread. */
final class Peers {
    private final Map<DeviceId, PeerConnection> connections = new ConcurrentHashMap<>();

    /** The connection to {@code peer}, or null if it is not connected. */
    PeerConnection get(DeviceId peer) {
        return connections.get(peer);
    }

    boolean connected(DeviceId peer) {
        return connections.containsKey(peer);
    }

    void put(PeerConnection connection) {
        connections.put(connection.device(), connection);
    }

    /** Forgets {@code connection} if it is still the one in use; returns whether it was. */
    boolean remove(PeerConnection connection) {
        return connections.remove(connection.device(), connection);
    }
}
