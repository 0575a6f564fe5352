package dev.shoal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.DeviceId;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTableTest {
    static final DeviceId SELF = DeviceId.ofCertificate("self".getBytes());
    static final DeviceId PEER = DeviceId.ofCertificate("peer".getBytes());
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    final PeerTable table = new PeerTable(SELF, Duration.ofSeconds(30));

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    static TxtCodec.Advert advert(int port, String name) {
        return new TxtCodec.Advert(PEER, 1, port, name);
    }

    @Test
    void duplicateResolvesAreCoalescedAndChangesAreUpdates() throws Exception {
        var first = table.seen(advert(22000, "nas"), List.of(ip("192.0.2.7")), T0);
        assertThat(first).containsInstanceOf(PeerTable.Found.class);
        assertThat(table.seen(advert(22000, "nas"), List.of(ip("192.0.2.7")), T0.plusSeconds(1)))
                .isEmpty();

        // The same device resolved over a second interface (IPv6): one update carrying both addresses.
        var v6 = table.seen(advert(22000, "nas"), List.of(ip("fe80::1")), T0.plusSeconds(2));
        assertThat(v6).hasValueSatisfying(e -> assertThat(
                        ((PeerTable.Updated) e).device().addresses())
                .extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("192.0.2.7", "fe80:0:0:0:0:0:0:1"));
        assertThat(table.seen(advert(22000, "nas"), List.of(ip("fe80::1")), T0.plusSeconds(3)))
                .isEmpty();

        var renamed = table.seen(advert(22000, "nas-2"), List.of(ip("192.0.2.7")), T0.plusSeconds(4));
        assertThat(renamed)
                .hasValueSatisfying(
                        e -> assertThat(((PeerTable.Updated) e).device().name()).isEqualTo("nas-2"));

        var moved = table.seen(advert(22001, "nas-2"), List.of(ip("192.0.2.7")), T0.plusSeconds(5));
        assertThat(moved).hasValueSatisfying(e -> assertThat(
                        ((PeerTable.Updated) e).device().addresses())
                .singleElement()
                .satisfies(a -> assertThat(a.getPort()).isEqualTo(22001)));
    }

    @Test
    void earlyResolvesWithoutAddressesAndOurOwnAnnouncementAreIgnored() throws Exception {
        assertThat(table.seen(advert(1, "x"), List.of(), T0)).isEmpty();
        assertThat(table.seen(new TxtCodec.Advert(SELF, 1, 1, "me"), List.of(ip("192.0.2.1")), T0))
                .isEmpty();
        assertThat(table.all()).isEmpty();
    }

    @Test
    void silentDevicesAreLostAfterTheBoundAndGoodbyesAtOnce() throws Exception {
        table.seen(advert(1, "x"), List.of(ip("192.0.2.7")), T0);
        assertThat(table.expire(T0.plusSeconds(29))).isEmpty();
        table.seen(advert(1, "x"), List.of(ip("192.0.2.7")), T0.plusSeconds(29));
        assertThat(table.expire(T0.plusSeconds(58))).isEmpty();
        assertThat(table.expire(T0.plusSeconds(60))).containsExactly(new PeerTable.Lost(PEER));

        table.seen(advert(1, "x"), List.of(ip("192.0.2.7")), T0.plusSeconds(61));
        assertThat(table.removed(PEER)).contains(new PeerTable.Lost(PEER));
        assertThat(table.removed(PEER)).isEmpty();
    }
}
