package dev.shoal.engine.spi;

/** Discovery events; each device is Found once, then Updated on changes, then Lost. */
public interface DiscoveryListener {
    void found(DiscoveredDevice device);

    void updated(DiscoveredDevice device);

    void lost(DeviceId device);
}
