package dev.shoal.discovery.global;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Addresses as the rendezvous server stores them: {@code quic://HOST:PORT} and {@code tcp://HOST:PORT} (Shoal
 * serves both on one port number). What a server returns is untrusted: only IP literals are taken (a name would
 * make this device resolve whatever the server chose), never unspecified or multicast ones, and a few at most.
 */
public final class AddressUrls {
    /** Addresses taken from one lookup. */
    static final int MAX_ADDRESSES = 16;

    /** A device's relayed address (its allocation on the user's TURN server): dialled last, shown as "via relay". */
    public static final String RELAY_SCHEME = "quic-relay";

    /** What one lookup found: addresses to dial directly, and relayed ones to fall back on. */
    public record Found(List<InetSocketAddress> direct, List<InetSocketAddress> relays) {
        public static final Found NONE = new Found(List.of(), List.of());

        /** Everything to dial, in dial order: direct first, the relay last. */
        public List<InetSocketAddress> all() {
            List<InetSocketAddress> out = new ArrayList<>(direct);
            relays.stream().filter(a -> !out.contains(a)).forEach(out::add);
            return out;
        }

        public boolean isEmpty() {
            return direct.isEmpty() && relays.isEmpty();
        }
    }

    private AddressUrls() {}

    /** What this device announces: the wildcard forms (the server fills in the address it saw) and each LAN one. */
    public static List<String> announcement(int port, List<InetAddress> lanAddresses) {
        List<String> out = new ArrayList<>();
        out.add("quic://0.0.0.0:" + port);
        out.add("tcp://0.0.0.0:" + port);
        for (InetAddress a : lanAddresses) {
            out.add("quic://" + hostText(a) + ":" + port);
        }
        return out;
    }

    /** The dialable addresses among {@code urls}, in order, without duplicates; anything else is skipped. */
    public static List<InetSocketAddress> parse(List<String> urls) {
        return found(urls).direct();
    }

    /** The direct and the relayed addresses among {@code urls}, at most {@value #MAX_ADDRESSES} in all. */
    public static Found found(List<String> urls) {
        Set<InetSocketAddress> direct = new LinkedHashSet<>();
        Set<InetSocketAddress> relays = new LinkedHashSet<>();
        for (String url : urls) {
            boolean relay = url != null && url.startsWith(RELAY_SCHEME + "://");
            InetSocketAddress a = relay ? address("quic://" + url.substring(RELAY_SCHEME.length() + 3)) : parse(url);
            if (a != null && direct.size() + relays.size() < MAX_ADDRESSES) {
                (relay ? relays : direct).add(a);
            }
        }
        return new Found(new ArrayList<>(direct), new ArrayList<>(relays));
    }

    /** The URL announcing a relayed address. */
    public static String relayUrl(InetSocketAddress relayed) {
        return RELAY_SCHEME + "://" + hostText(relayed.getAddress()) + ":" + relayed.getPort();
    }

    private static String hostText(InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress().replaceAll("%.*", "") + "]" : a.getHostAddress();
    }

    static InetSocketAddress parse(String url) {
        if (url == null || url.startsWith(RELAY_SCHEME)) {
            return null; // a relayed address is not a direct one
        }
        return address(url);
    }

    /** A quic:// or tcp:// URL's address (also a relay URL cut to quic://). */
    private static InetSocketAddress address(String url) {
        if (url == null || url.length() > 200) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.startsWith("quic") || scheme.startsWith("tcp"))) {
            return null; // relay:// and others: not a way to reach Shoal
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null || port <= 0 || port > 65535) {
            return null;
        }
        InetAddress address = literal(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        if (address == null || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return null;
        }
        return new InetSocketAddress(address, port);
    }

    /** The address {@code host} spells as a literal, without any name lookup; null if it is not one. */
    static InetAddress literal(String host) {
        boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = host.contains(":") && host.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(host); // a literal: parsed, never resolved
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
