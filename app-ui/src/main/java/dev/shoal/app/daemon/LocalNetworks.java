package dev.shoal.app.daemon;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/** This host's own networks: which addresses to announce, and whether a peer's address is on the LAN. */
public final class LocalNetworks {
    private LocalNetworks() {}

    /** Addresses others on this host's networks can reach it at: {@code boundTo} alone if the daemon is bound. */
    static List<InetAddress> addresses(InetAddress boundTo) {
        if (boundTo != null && !boundTo.isAnyLocalAddress()) {
            return List.of(boundTo);
        }
        List<InetAddress> out = new ArrayList<>();
        for (InterfaceAddress a : interfaceAddresses()) {
            InetAddress ip = a.getAddress();
            if (!ip.isLoopbackAddress() && !ip.isLinkLocalAddress() && !ip.isAnyLocalAddress()) {
                out.add(ip);
            }
        }
        return out;
    }

    /** Each of {@code addresses} ("host:port") as a socket address. */
    static java.util.List<InetSocketAddress> socketAddresses(java.util.List<String> addresses) {
        return addresses.stream().map(LocalNetworks::socketAddress).toList();
    }

    /** {@code host:port} as the config holds it (IPv6 in brackets), resolved where it is a name. */
    static InetSocketAddress socketAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IOException e) {
            return InetSocketAddress.createUnresolved(host, Integer.parseInt(hostPort.substring(colon + 1)));
        }
    }

    /**
     * "lan" for a peer on one of this host's own networks (same subnet, loopback or link-local), "direct" for one
     * reached across routers, over the internet.
     */
    public static String path(InetAddress peer) {
        if (peer.isLoopbackAddress() || peer.isLinkLocalAddress()) {
            return "lan";
        }
        for (InterfaceAddress a : interfaceAddresses()) {
            if (sameSubnet(a.getAddress(), peer, a.getNetworkPrefixLength())) {
                return "lan";
            }
        }
        return "direct";
    }

    static boolean sameSubnet(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length || prefix <= 0 || (a instanceof Inet6Address && a.isLoopbackAddress())) {
            return false;
        }
        for (int bit = 0; bit < Math.min(prefix, x.length * 8); bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static List<InterfaceAddress> interfaceAddresses() {
        List<InterfaceAddress> out = new ArrayList<>();
        try {
            var all = NetworkInterface.getNetworkInterfaces();
            while (all != null && all.hasMoreElements()) {
                NetworkInterface n = all.nextElement();
                if (n.isUp()) {
                    out.addAll(n.getInterfaceAddresses());
                }
            }
        } catch (SocketException e) {
            // no interfaces to compare with: every peer counts as reached directly
        }
        return out;
    }
}
