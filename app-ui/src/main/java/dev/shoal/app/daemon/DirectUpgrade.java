package dev.shoal.app.daemon;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.transport.pool.ConnectionPool;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Moves a device reached through a relay onto a direct path when one can open: over the relayed connection both
 * devices send each other their public addresses and dial the other's at the same moment, so each NAT has just
 * seen a packet go out towards the address the other's packets come from and lets them in (hole punching). The
 * pool then replaces the relayed connection with the direct one. Rounds repeat while the device stays relayed: a
 * NAT may only later allow it (a network change, a router restart).
 */
final class DirectUpgrade {
    /** Rounds 10 s apart for the first two minutes of a relayed connection, a minute apart after that. */
    static final long EARLY_EVERY_S = 10;

    static final int EARLY_ROUNDS = 12;
    static final long LATER_EVERY_S = 60;
    /** A peer's offers are answered at most this often: each answer sends packets to every address it named. */
    static final long MIN_GAP_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final ConnectionPool pool;
    private final ScheduledExecutorService scheduler;
    private final Supplier<List<InetSocketAddress>> ownAddresses;
    private final Function<DeviceId, List<InetSocketAddress>> knownAddresses;
    private final Map<DeviceId, Long> lastPunch = new ConcurrentHashMap<>();

    /**
     * @param ownAddresses this device's public addresses (STUN, TURN and discovery server's view)
     * @param knownAddresses a device's direct addresses as last looked up
     */
    DirectUpgrade(
            ConnectionPool pool,
            ScheduledExecutorService scheduler,
            Supplier<List<InetSocketAddress>> ownAddresses,
            Function<DeviceId, List<InetSocketAddress>> knownAddresses) {
        this.pool = pool;
        this.scheduler = scheduler;
        this.ownAddresses = ownAddresses;
        this.knownAddresses = knownAddresses;
    }

    /** A connection the pool now uses: if it is relayed, punching rounds start. */
    void connected(PeerConnection c) {
        if (pool.relayed(c.device())) {
            scheduler.schedule(() -> round(c, 0), 1, TimeUnit.SECONDS);
        }
    }

    private void round(PeerConnection c, int n) {
        if (!c.isOpen() || pool.connection(c.device()).orElse(null) != c) {
            return; // replaced by a direct connection, or gone: its rounds end with it
        }
        punch(c, List.of());
        scheduler.schedule(() -> round(c, n + 1), n < EARLY_ROUNDS ? EARLY_EVERY_S : LATER_EVERY_S, TimeUnit.SECONDS);
    }

    /** The peer sent its addresses over the relayed connection {@code c} and is dialling ours: dial back now. */
    void offered(PeerConnection c, List<InetSocketAddress> theirs) {
        Long last = lastPunch.get(c.device());
        if (!pool.relayed(c.device())
                || pool.connection(c.device()).orElse(null) != c
                || (last != null && System.nanoTime() - last < MIN_GAP_NANOS)) {
            return;
        }
        punch(c, theirs);
    }

    private void punch(PeerConnection c, List<InetSocketAddress> theirs) {
        lastPunch.put(c.device(), System.nanoTime());
        List<InetSocketAddress> ours = ownAddresses.get();
        if (!ours.isEmpty()) {
            c.offerCandidates(ours);
        }
        Set<InetSocketAddress> targets = new LinkedHashSet<>(theirs);
        targets.addAll(knownAddresses.apply(c.device()));
        targets.removeAll(ours);
        pool.punch(c.device(), targets.stream().limit(8).toList());
    }

    void forget(DeviceId device) {
        lastPunch.remove(device);
    }
}
