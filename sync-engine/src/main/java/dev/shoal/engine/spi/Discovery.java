package dev.shoal.engine.spi;

/**
 * The port through which the engine learns where devices are: mDNS on the LAN plus configured static
 * addresses. Implementations announce this device and report others.
 */
public interface Discovery extends AutoCloseable {

    void start(DiscoveryListener listener) throws java.io.IOException;

    /** Announces (or re-announces, after a change of port or name) this device. */
    void announce(LocalAnnouncement self);

    @Override
    void close();

    /** What this device announces about itself. */
    record LocalAnnouncement(dev.shoal.engine.spi.DeviceId id, String name, int protocolVersion, int port) {}
}
