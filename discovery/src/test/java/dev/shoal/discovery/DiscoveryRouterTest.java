package dev.shoal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.DiscoveredDevice;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryRouterTest {
    static final DeviceId FRIEND = DeviceId.ofCertificate("friend".getBytes());
    static final DeviceId STRANGER = DeviceId.ofCertificate("stranger".getBytes());

    final List<DeviceId> dialled = new ArrayList<>();
    final DiscoveryRouter router = new DiscoveryRouter(Set.of(FRIEND)::contains, dialled::add);

    static DiscoveredDevice device(DeviceId id, String host, int port) {
        return new DiscoveredDevice(id, "n", 1, List.of(new InetSocketAddress(host, port)));
    }

    @Test
    void pairedDevicesAreConnectedAndUnknownOnesOnlyListedNearby() {
        router.found(device(FRIEND, "192.0.2.5", 22000));
        router.found(device(STRANGER, "192.0.2.6", 22000));

        assertThat(dialled).containsExactly(FRIEND);
        assertThat(router.nearby()).extracting(DiscoveredDevice::id).containsExactly(STRANGER);

        router.lost(STRANGER);
        assertThat(router.nearby()).isEmpty();
    }

    @Test
    void staticAddressesComeFirstAndMergeWithDiscoveredOnes() {
        InetSocketAddress fixed = new InetSocketAddress("198.51.100.9", 22000);
        router.setStaticAddresses(FRIEND, List.of(fixed));
        assertThat(router.addresses(FRIEND)).containsExactly(fixed);
        router.found(device(FRIEND, "192.0.2.5", 22000));
        assertThat(router.addresses(FRIEND)).containsExactly(fixed, new InetSocketAddress("192.0.2.5", 22000));
        router.lost(FRIEND);
        assertThat(router.addresses(FRIEND)).containsExactly(fixed);
    }

    @Test
    void anAdvertWithAnotherPortAddsACandidateAndKeepsTheAddressThatWorks() {
        router.found(device(FRIEND, "192.0.2.5", 22000));
        router.found(device(FRIEND, "192.0.2.5", 40000)); // anyone can advertise a paired device's ID
        assertThat(router.addresses(FRIEND))
                .containsExactly(new InetSocketAddress("192.0.2.5", 40000), new InetSocketAddress("192.0.2.5", 22000));
        for (int port = 1; port <= 20; port++) {
            router.found(device(FRIEND, "192.0.2.7", port));
        }
        assertThat(router.addresses(FRIEND)).hasSize(DiscoveryRouter.MAX_ADDRESSES);
    }
}
