package dev.shoal.engine.spi;

import java.net.InetSocketAddress;
import java.util.List;

/** A device seen on the network, with every address (IPv4 and IPv6) it can be reached on. */
public record DiscoveredDevice(DeviceId id, String name, int protocolVersion, List<InetSocketAddress> addresses) {
    public DiscoveredDevice {
        addresses = List.copyOf(addresses);
    }
}
