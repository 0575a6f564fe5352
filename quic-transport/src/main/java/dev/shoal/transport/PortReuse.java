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
    static boolean supported(boolean epoll) {
        if (!Boolean.parseBoolean(System.getProperty("shoal.sharePort", "true"))) {
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
     * Fails with a BindException when something already holds the port: a socket without SO_REUSEPORT
     * cannot join a port that is bound (with or without it), so this finds another Shoal on it.
     */
    static void checkFree(InetSocketAddress address) throws IOException {
        if (address.getPort() == 0) {
            return;
        }
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(address);
        }
    }
}
