package dev.shoal.transport.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts incoming connections that have not been admitted yet, per source address and in all, and refuses
 * new ones past the limits. With {@link PreAdmission#UNADMITTED_BYTES} per connection this bounds what
 * strangers can make the device hold to {@code total x 64 KiB}, however many certificates they make.
 */
public final class UnadmittedConnections {
    private final int perAddress;
    private final int total;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int count;

    public UnadmittedConnections(int perAddress, int total) {
        this.perAddress = perAddress;
        this.total = total;
    }

    /** Counts a new connection from {@code from}; returns null, or why it is refused (then it is not counted). */
    public synchronized String opened(InetSocketAddress from) {
        InetAddress address = source(from);
        if (count >= total) {
            return "too many connections are waiting to be admitted (" + total + ")";
        }
        if (address != null && byAddress.getOrDefault(address, 0) >= perAddress) {
            return "too many connections from " + address.getHostAddress() + " are waiting to be admitted ("
                    + perAddress + ")";
        }
        count++;
        if (address != null) {
            byAddress.merge(address, 1, Integer::sum);
        }
        return null;
    }

    /** A connection {@link #opened} from {@code from} was admitted or closed. */
    public synchronized void closed(InetSocketAddress from) {
        count--;
        InetAddress address = source(from);
        if (address != null) {
            byAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** The address a connection counts under: IPv6 hosts get a /64 each, so one counts as one source. */
    private static InetAddress source(InetSocketAddress from) {
        if (from == null || from.getAddress() == null) {
            return null;
        }
        InetAddress a = from.getAddress();
        if (a instanceof java.net.Inet6Address) {
            byte[] prefix = java.util.Arrays.copyOf(a.getAddress(), 16);
            java.util.Arrays.fill(prefix, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(prefix);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e); // 16 bytes are always an address
            }
        }
        return a;
    }

    public synchronized int count() {
        return count;
    }
}
