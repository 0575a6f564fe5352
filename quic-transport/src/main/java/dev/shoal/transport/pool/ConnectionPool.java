package dev.shoal.transport.pool;

import dev.shoal.engine.spi.ConnectionState;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps one open connection to each device it is told about: reuses it, redials with exponential backoff when
 * it is lost or cannot be made, and reports every state change with its reason.
 *
 * <p>When both devices dial each other at once, each ends up with two connections. Both sides keep the one
 * dialled by the device with the smaller id and close the other, so they always agree on which survives; but a
 * direct connection always wins over one through a relay, which both see alike. One connection per peer: in measurements more connections did not raise loopback throughput (one UDP
 * socket is one event-loop thread either way).
 */
public final class ConnectionPool implements AutoCloseable {

    /** Observer of the pool; called from pool and transport threads. */
    public interface Listener {
        void stateChanged(DeviceId device, ConnectionState state, String reason);

        /** A new connection to {@code device} is ready (set its handler here). */
        void connected(PeerConnection connection);
    }

    private final DeviceId self;
    private final Transport transport;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Listener listener;
    private final Map<DeviceId, Peer> peers = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile java.util.function.Predicate<PeerConnection> relayed = c -> false;

    public ConnectionPool(
            DeviceId self,
            Transport transport,
            ScheduledExecutorService scheduler,
            Backoff backoff,
            Listener listener) {
        this.self = self;
        this.transport = transport;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.listener = listener;
    }

    /** Keeps {@code device} connected, dialling the addresses {@code addresses} gives at each attempt. */
    public void addPeer(DeviceId device, Supplier<List<InetSocketAddress>> addresses) {
        Peer peer = peers.computeIfAbsent(device, d -> new Peer(d, addresses));
        peer.addresses = addresses;
        peer.dialSoon(0);
    }

    /**
     * The device's addresses changed (it moved to another network, or the user gave a new one): a connection
     * this device dialled to an address no longer listed is dropped and the new addresses dialled, instead of
     * waiting for the old path to time out.
     */
    public void moved(DeviceId device) {
        Peer peer = peers.get(device);
        if (peer == null) {
            return;
        }
        PeerConnection c = peer.current;
        List<InetSocketAddress> now = peer.addresses.get();
        if (c != null && c.isOpen() && c.outgoing() && !now.isEmpty() && !now.contains(c.remoteAddress())) {
            c.close("the device moved to " + now);
        }
    }

    /**
     * Tells the pool which connections run through a relay: a direct connection to the same device replaces such a
     * one as soon as it opens, whichever device dialled it.
     */
    public void relayedWhen(java.util.function.Predicate<PeerConnection> isRelayed) {
        this.relayed = isRelayed;
    }

    /** Whether the current connection to {@code device} runs through a relay. */
    public boolean relayed(DeviceId device) {
        return connection(device).map(relayed::test).orElse(false);
    }

    /**
     * Dials {@code targets} all at once, beside the relayed connection to {@code device} (hole punching: the peer
     * dials this device's addresses at the same moment); one that opens replaces the relayed connection. Does
     * nothing unless the device's connection is relayed.
     */
    public void punch(DeviceId device, List<InetSocketAddress> targets) {
        Peer peer = peers.get(device);
        if (peer == null || closed || !relayed(device)) {
            return;
        }
        for (InetSocketAddress target : targets) {
            transport.connect(device, target).whenComplete((connection, error) -> {
                if (error == null) {
                    peer.adopt(connection);
                }
            });
        }
    }

    public void removePeer(DeviceId device) {
        Peer peer = peers.remove(device);
        if (peer != null) {
            peer.stop("device removed");
        }
    }

    public Optional<PeerConnection> connection(DeviceId device) {
        Peer peer = peers.get(device);
        return peer == null
                ? Optional.empty()
                : Optional.ofNullable(peer.current).filter(PeerConnection::isOpen);
    }

    /** An admitted incoming connection (from the transport listener). */
    public void incoming(PeerConnection connection) {
        Peer peer = peers.computeIfAbsent(connection.device(), d -> new Peer(d, List::of));
        peer.adopt(connection);
    }

    @Override
    public void close() {
        closed = true;
        for (Peer p : peers.values()) {
            p.stop("shutting down");
        }
        peers.clear();
    }

    private final class Peer {
        final DeviceId device;
        volatile Supplier<List<InetSocketAddress>> addresses;
        volatile PeerConnection current;
        private int failures;
        private boolean dialing;
        private ScheduledFuture<?> retry;
        private boolean stopped;

        Peer(DeviceId device, Supplier<List<InetSocketAddress>> addresses) {
            this.device = device;
            this.addresses = addresses;
        }

        synchronized void dialSoon(long delayMillis) {
            if (stopped || closed || dialing || (current != null && current.isOpen())) {
                return;
            }
            if (retry != null && !retry.isDone()) {
                if (delayMillis > 0) {
                    return;
                }
                retry.cancel(false);
            }
            retry = scheduler.schedule(this::dial, delayMillis, TimeUnit.MILLISECONDS);
        }

        private void dial() {
            List<InetSocketAddress> targets;
            synchronized (this) {
                if (stopped || closed || dialing || (current != null && current.isOpen())) {
                    return;
                }
                targets = addresses.get();
                if (targets.isEmpty()) {
                    return; // nothing to dial: wait for an incoming connection or for addresses
                }
                dialing = true;
            }
            listener.stateChanged(
                    device,
                    failures == 0 ? ConnectionState.CONNECTING : ConnectionState.RECONNECTING,
                    "dialling " + targets);
            tryAddress(targets, 0, "");
        }

        private void tryAddress(List<InetSocketAddress> targets, int i, String errors) {
            if (i == targets.size()) {
                long delay;
                synchronized (this) {
                    dialing = false;
                    delay = backoff.delay(failures++).toMillis();
                }
                listener.stateChanged(device, ConnectionState.FAILED, errors + " (next try in " + delay + " ms)");
                dialSoon(delay);
                return;
            }
            CompletableFuture<PeerConnection> attempt = transport.connect(device, targets.get(i));
            attempt.whenComplete((connection, error) -> {
                if (error == null) {
                    synchronized (this) {
                        dialing = false;
                    }
                    adopt(connection);
                } else {
                    String reason = targets.get(i) + ": " + rootMessage(error);
                    tryAddress(targets, i + 1, errors.isEmpty() ? reason : errors + "; " + reason);
                }
            });
        }

        void adopt(PeerConnection connection) {
            PeerConnection loser = null;
            synchronized (this) {
                if (stopped || closed) {
                    loser = connection;
                } else if (current != null && current.isOpen() && current != connection) {
                    // A connection from a later run of the peer: it restarted, so the old connection only looks
                    // open (a killed process never closed it). Otherwise both dialled at once: keep the
                    // connection dialled by the smaller device id.
                    boolean restarted = !connection.peerInstance().isEmpty()
                            && !current.peerInstance().isEmpty()
                            && !connection.peerInstance().equals(current.peerInstance());
                    boolean newRelayed = relayed.test(connection);
                    boolean currentRelayed = relayed.test(current);
                    boolean keepNew = restarted
                            || (currentRelayed && !newRelayed)
                            || (currentRelayed == newRelayed
                                    && dialledBySmaller(connection)
                                    && !dialledBySmaller(current));
                    loser = keepNew ? current : connection;
                    if (keepNew) {
                        current = connection;
                    }
                } else {
                    current = connection;
                }
                if (current == connection) {
                    failures = 0;
                }
            }
            if (loser != null) {
                loser.close(
                        relayed.test(loser) && !relayed.test(loser == connection ? current : connection)
                                ? "a direct connection replaced the relayed one"
                                : "duplicate connection");
            }
            if (current == connection && loser != connection) {
                connection.onClose(reason -> lost(connection, reason));
                listener.stateChanged(device, ConnectionState.CONNECTED, "connected to " + connection.remoteAddress());
                listener.connected(connection);
            }
        }

        private boolean dialledBySmaller(PeerConnection c) {
            DeviceId dialler = c.outgoing() ? self : device;
            DeviceId other = c.outgoing() ? device : self;
            return dialler.compareTo(other) < 0;
        }

        private void lost(PeerConnection connection, String reason) {
            synchronized (this) {
                if (current != connection) {
                    return;
                }
                current = null;
            }
            if (!stopped && !closed) {
                listener.stateChanged(device, ConnectionState.DISCONNECTED, reason);
                dialSoon(backoff.delay(0).toMillis());
            }
        }

        void stop(String reason) {
            PeerConnection c;
            synchronized (this) {
                stopped = true;
                if (retry != null) {
                    retry.cancel(false);
                }
                c = current;
                current = null;
            }
            if (c != null) {
                c.close(reason);
            }
        }
    }

    private static String rootMessage(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
