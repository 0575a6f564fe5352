package dev.shoal.transport.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class UnadmittedConnectionsTest {
    static InetSocketAddress at(String host) {
        return new InetSocketAddress(host, 22000);
    }

    @Test
    void oneAddressGetsItsShareAndOthersStillGetIn() {
        UnadmittedConnections waiting = new UnadmittedConnections(2, 3);
        assertThat(waiting.opened(at("198.51.100.7"))).isNull();
        assertThat(waiting.opened(at("198.51.100.7"))).isNull();
        assertThat(waiting.opened(at("198.51.100.7"))).contains("198.51.100.7");
        assertThat(waiting.opened(at("198.51.100.8"))).isNull();
        assertThat(waiting.opened(at("198.51.100.9"))).contains("too many connections are waiting");
        waiting.closed(at("198.51.100.7"));
        assertThat(waiting.count()).isEqualTo(2);
        assertThat(waiting.opened(at("198.51.100.7"))).isNull();
    }

    @Test
    void ipv6HostsOfOneSlash64CountAsOneSource() {
        UnadmittedConnections waiting = new UnadmittedConnections(1, 10);
        assertThat(waiting.opened(at("2001:db8:1:2::1"))).isNull();
        assertThat(waiting.opened(at("2001:db8:1:2::ffff"))).isNotNull();
        assertThat(waiting.opened(at("2001:db8:1:3::1"))).isNull();
    }
}
