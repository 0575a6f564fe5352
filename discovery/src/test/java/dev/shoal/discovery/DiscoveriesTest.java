package dev.shoal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.Discovery;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveriesTest {
    @Test
    void switchedOffAnnouncesNothingButStaticAddressesStillRoute() throws Exception {
        DeviceId me = DeviceId.ofCertificate("me".getBytes());
        DeviceId nas = DeviceId.ofCertificate("nas".getBytes());
        try (Discovery off = Discoveries.create(false, me, MdnsDiscovery.Settings.defaults())) {
            assertThat(off).isNotInstanceOf(MdnsDiscovery.class);
            DiscoveryRouter router = new DiscoveryRouter(id -> true, id -> {});
            off.start(router);
            off.announce(new Discovery.LocalAnnouncement(me, "me", 1, 22000));
            router.setStaticAddresses(nas, List.of(new InetSocketAddress("198.51.100.4", 22000)));
            assertThat(router.addresses(nas)).containsExactly(new InetSocketAddress("198.51.100.4", 22000));
            assertThat(router.nearby()).isEmpty();
        }
        try (Discovery on = Discoveries.create(true, me, MdnsDiscovery.Settings.defaults())) {
            assertThat(on).isInstanceOf(MdnsDiscovery.class);
        }
    }
}
