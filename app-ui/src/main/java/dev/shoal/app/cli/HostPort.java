package dev.shoal.app.cli;

import java.net.InetSocketAddress;

/** {@code host:port} as users type it, IPv6 in brackets ({@code [fe80::1]:22000}). */
final class HostPort {
    private HostPort() {}

    static InetSocketAddress parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new UserError("'" + text + "' is not HOST:PORT (for example 192.168.1.20:22000 or [fe80::1]:22000).");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new UserError("'" + text + "': write IPv6 addresses in brackets, like [fe80::1]:22000.");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UserError("'" + text + "': the port must be a number from 0 to 65535.");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    static String format(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
