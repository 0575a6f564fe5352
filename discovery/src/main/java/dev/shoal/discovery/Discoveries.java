package dev.shoal.discovery;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.Discovery;
import dev.shoal.engine.spi.DiscoveryListener;

/**
 * The discovery switch: mDNS on the LAN, or nothing at all (for networks that block multicast or users who
 * do not want this device announced). With mDNS off, devices are reached through their static addresses,
 * which {@link DiscoveryRouter} serves either way.
 */
public final class Discoveries {
    private Discoveries() {}

    public static Discovery create(boolean mdnsEnabled, DeviceId self, MdnsDiscovery.Settings settings) {
        return mdnsEnabled ? new MdnsDiscovery(self, settings) : new Off();
    }

    /** Announces nothing and finds nobody. */
    static final class Off implements Discovery {
        @Override
        public void start(DiscoveryListener listener) {}

        @Override
        public void announce(LocalAnnouncement self) {}

        @Override
        public void close() {}
    }
}
