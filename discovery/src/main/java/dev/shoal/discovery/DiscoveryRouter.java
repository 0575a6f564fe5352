package dev.shoal.discovery;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.DiscoveredDevice;
import dev.shoal.engine.spi.DiscoveryListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The wiring between discovery and the engine: a discovered device that is paired is connected at once; an
 * unknown one is only listed as nearby (for the pairing screen) and never connected to. Also merges each
 * device's static addresses (for routed networks or where multicast is blocked) with what mDNS found.
 */
public final class DiscoveryRouter implements DiscoveryListener {
    private final Predicate<DeviceId> paired;
    private final Consumer<DeviceId> connect;
    private final Map<DeviceId, DiscoveredDevice> discovered = new ConcurrentHashMap<>();
    private final Map<DeviceId, List<InetSocketAddress>> staticAddresses = new ConcurrentHashMap<>();
    private volatile java.util.function.Function<DeviceId, List<InetSocketAddress>> global = d -> List.of();

    /**
     * @param paired whether a device is paired (consulted at each event, so pairing later takes effect)
     * @param connect asked to connect a paired device that was found or moved
     */
    public DiscoveryRouter(Predicate<DeviceId> paired, Consumer<DeviceId> connect) {
        this.paired = paired;
        this.connect = connect;
    }

    public void setStaticAddresses(DeviceId device, List<InetSocketAddress> addresses) {
        if (addresses.isEmpty()) {
            staticAddresses.remove(device);
        } else {
            staticAddresses.put(device, List.copyOf(addresses));
        }
    }

    /** Where the user's rendezvous server says a device is: dialled after the LAN's addresses. */
    public void setGlobalLookup(java.util.function.Function<DeviceId, List<InetSocketAddress>> lookup) {
        this.global = lookup;
    }

    /** Addresses kept per device from adverts. */
    static final int MAX_ADDRESSES = 8;

    /** Where to dial {@code device}: its static addresses first, then those mDNS found, then the rendezvous's. */
    public List<InetSocketAddress> addresses(DeviceId device) {
        Set<InetSocketAddress> all = new LinkedHashSet<>(staticAddresses.getOrDefault(device, List.of()));
        DiscoveredDevice d = discovered.get(device);
        if (d != null) {
            all.addAll(d.addresses());
        }
        all.addAll(global.apply(device));
        return new ArrayList<>(all);
    }

    /** Devices seen on the LAN that are not paired: candidates for pairing, never connected to silently. */
    public List<DiscoveredDevice> nearby() {
        return discovered.values().stream().filter(d -> !paired.test(d.id())).toList();
    }

    @Override
    public void found(DiscoveredDevice device) {
        // Adverts add addresses (newest first, a few kept) rather than replace them: an advert is unauthenticated,
        // and one with a paired device's ID and a wrong port must not take the place of an address that works.
        discovered.merge(device.id(), device, (old, fresh) -> {
            Set<InetSocketAddress> merged = new LinkedHashSet<>(fresh.addresses());
            merged.addAll(old.addresses());
            return new DiscoveredDevice(
                    fresh.id(),
                    fresh.name(),
                    fresh.protocolVersion(),
                    merged.stream().limit(MAX_ADDRESSES).toList());
        });
        if (paired.test(device.id())) {
            connect.accept(device.id());
        }
    }

    @Override
    public void updated(DiscoveredDevice device) {
        found(device);
    }

    @Override
    public void lost(DeviceId device) {
        discovered.remove(device);
    }
}
