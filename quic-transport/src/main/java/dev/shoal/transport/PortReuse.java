package dev.shoal.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/** SO_REUSEPORT, which lets the server and the client socket of an endpoint share its UDP port. */
final class PortReuse {
    private PortReuse() {}

    /** Linux epoll always has it; the JDK's datagram channels have it on Linux and macOS, not on Windows. */
    static boolean supported(boolean epoll, boolean wanted) {
        if (!wanted) {
            return false; // for comparisons: the old layout with a second, ephemeral port
        }
        if (epoll) {
            return true;
        }
        try (DatagramChannel probe = DatagramChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static void enable(Bootstrap b, boolean epoll) {
        if (epoll) {
            b.option(EpollChannelOption.SO_REUSEPORT, true);
        } else {
            b.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }
    }

    /**
     * The address to bind with SO_REUSEPORT: {@code address} itself after checking nothing holds its port, or
     * for port 0 a free port the kernel picked for a plain socket. Two things a plain bind guards against:
     * another Shoal silently joining a configured port (a socket without SO_REUSEPORT cannot join a bound
     * port), and, for port 0, the kernel handing a SO_REUSEPORT socket an ephemeral port another such socket
     * already holds: two endpoints then split each other's datagrams (seen as handshake timeouts with a
     * hundred endpoints in one process).
     *
     * @throws IOException a BindException when the port is taken
     */
    static InetSocketAddress reserve(InetSocketAddress address) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(address);
            return new InetSocketAddress(address.getAddress(), probe.getLocalPort());
        }
    }
}
