package dev.shoal.discovery;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.DiscoveredDevice;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Coalesces raw mDNS sightings into Found / Updated / Lost events. mDNS resolves a service several times
 * and over several interfaces; identical sightings produce no event, a change of name, port, version or
 * address set produces one Updated, and a device not seen for {@code lostAfter} is Lost. Not thread-safe:
 * the owner serializes calls.
 */
final class PeerTable {
    sealed interface Event permits Found, Updated, Lost {}

    record Found(DiscoveredDevice device) implements Event {}

    record Updated(DiscoveredDevice device) implements Event {}

    record Lost(DeviceId id) implements Event {}

    private record Entry(DiscoveredDevice device, Instant lastSeen) {}

    private final DeviceId self;
    private final Duration lostAfter;
    private final Map<DeviceId, Entry> peers = new HashMap<>();

    PeerTable(DeviceId self, Duration lostAfter) {
        this.self = self;
        this.lostAfter = lostAfter;
    }

    /** A sighting of {@code advert} at {@code hosts}; returns the event it causes, if any. */
    Optional<Event> seen(TxtCodec.Advert advert, Collection<InetAddress> hosts, Instant now) {
        if (advert.id().equals(self)) {
            return Optional.empty();
        }
        Set<InetSocketAddress> addresses = new LinkedHashSet<>();
        Entry old = peers.get(advert.id());
        boolean samePort = old != null
                && !old.device().addresses().isEmpty()
                && old.device().addresses().getFirst().getPort() == advert.port();
        if (samePort) {
            // Sightings on different interfaces add up; a port change starts the set afresh.
            addresses.addAll(old.device().addresses());
        }
        for (InetAddress host : hosts) {
            addresses.add(new InetSocketAddress(host, advert.port()));
        }
        if (addresses.isEmpty()) {
            return Optional.empty(); // an early resolve without addresses: wait for the full one
        }
        DiscoveredDevice device =
                new DiscoveredDevice(advert.id(), advert.name(), advert.protocolVersion(), sorted(addresses));
        peers.put(advert.id(), new Entry(device, now));
        if (old == null) {
            return Optional.of(new Found(device));
        }
        return old.device().equals(device) ? Optional.empty() : Optional.of(new Updated(device));
    }

    /** The service went away (goodbye packet). */
    Optional<Event> removed(DeviceId id) {
        return peers.remove(id) == null ? Optional.empty() : Optional.of(new Lost(id));
    }

    /** Devices not seen for {@code lostAfter} are dropped. */
    List<Event> expire(Instant now) {
        List<Event> lost = new ArrayList<>();
        peers.entrySet().removeIf(e -> {
            boolean stale = e.getValue().lastSeen().plus(lostAfter).isBefore(now);
            if (stale) {
                lost.add(new Lost(e.getKey()));
            }
            return stale;
        });
        return lost;
    }

    Optional<DiscoveredDevice> get(DeviceId id) {
        return Optional.ofNullable(peers.get(id)).map(Entry::device);
    }

    List<DiscoveredDevice> all() {
        return peers.values().stream().map(Entry::device).toList();
    }

    private static List<InetSocketAddress> sorted(Set<InetSocketAddress> addresses) {
        List<InetSocketAddress> list = new ArrayList<>(addresses);
        // IPv4 first, then by text: a stable order so equal sets compare equal.
        list.sort((a, b) -> {
            boolean a4 = a.getAddress() instanceof java.net.Inet4Address;
            boolean b4 = b.getAddress() instanceof java.net.Inet4Address;
            if (a4 != b4) {
                return a4 ? -1 : 1;
            }
            return a.getAddress().getHostAddress().compareTo(b.getAddress().getHostAddress());
        });
        return list;
    }
}
