package dev.shoal.discovery.global;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressUrlsTest {
    @Test
    void takesQuicAndTcpAddressesOnceEach() {
        assertThat(AddressUrls.parse(
                        List.of("quic://203.0.113.5:22000", "tcp://203.0.113.5:22000", "quic://[2001:db8::5]:22001")))
                .containsExactly(
                        new InetSocketAddress("203.0.113.5", 22000), new InetSocketAddress("2001:db8::5", 22001));
    }

    @Test
    void whatAServerMustNotMakeUsDoIsSkipped() {
        List<String> hostile = List.of(
                "quic://evil.example.com:22000", // a name: would be resolved at the server's choice
                "quic://0.0.0.0:22000",
                "quic://224.0.0.251:5353",
                "relay://203.0.113.9:22067",
                "quic://203.0.113.9:0",
                "quic://203.0.113.9:70000",
                "quic://203.0.113.9",
                "not a url at all",
                "quic://" + "1".repeat(300) + ":1");
        assertThat(AddressUrls.parse(hostile)).isEmpty();
    }

    @Test
    void keepsAFewAtMost() {
        List<String> many = new ArrayList<>();
        for (int i = 1; i < 200; i++) {
            many.add("quic://198.51.100." + i + ":22000");
        }
        assertThat(AddressUrls.parse(many)).hasSize(AddressUrls.MAX_ADDRESSES);
    }

    @Test
    void announcesTheWildcardFormsAndEachLanAddress() throws Exception {
        assertThat(AddressUrls.announcement(22000, List.of(java.net.InetAddress.getByName("198.51.100.2"))))
                .containsExactly("quic://0.0.0.0:22000", "tcp://0.0.0.0:22000", "quic://198.51.100.2:22000");
    }

    @Test
    void relayedAddressesAreKeptApartAndDialledLast() {
        java.net.InetSocketAddress relay = new java.net.InetSocketAddress("203.0.113.1", 49160);
        AddressUrls.Found found = AddressUrls.found(List.of(
                AddressUrls.relayUrl(relay),
                "quic://203.0.113.5:22000",
                "quic-relay://evil.example.com:49160", // a name, relayed or not, is never taken
                "quic-relay://0.0.0.0:49161"));
        assertThat(found.direct()).containsExactly(new java.net.InetSocketAddress("203.0.113.5", 22000));
        assertThat(found.relays()).containsExactly(relay);
        assertThat(found.all()).last().isEqualTo(relay);
        assertThat(AddressUrls.parse(List.of(AddressUrls.relayUrl(relay)))).isEmpty();
    }
}
