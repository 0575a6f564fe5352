package dev.shoal.app.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A TURN server as the user gives it: {@code turn://USER:PASS@HOST[:PORT]} (port 3478 by default; a password
 * with {@code @ : /} in it is percent-encoded). The password is never printed: {@link #withoutPassword()}.
 */
public record TurnUrl(String user, String password, String host, int port) {
    public static final int DEFAULT_PORT = 3478;

    /** Parses {@code text}; IllegalArgumentException with a message for the user when it is not such a URL. */
    public static TurnUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + redact(text) + "' is not a URL; give turn://USER:PASS@HOST:PORT");
        }
        if (!"turn".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "'" + redact(text) + "' is not a turn://USER:PASS@HOST:PORT address (UDP TURN only)");
        }
        String info = uri.getUserInfo();
        int colon = info == null ? -1 : info.indexOf(':');
        if (colon <= 0 || colon == info.length() - 1) {
            throw new IllegalArgumentException(
                    "the TURN address needs a user name and a password: turn://USER:PASS@" + uri.getHost());
        }
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new TurnUrl(
                info.substring(0, colon),
                info.substring(colon + 1),
                host,
                uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT);
    }

    /** "HOST:PORT" for resolving and dialling. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URL as stored: the password percent-encoded where it must be. */
    public String text() {
        try {
            return new URI("turn", user + ":" + password, host, port, null, null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The URL to show: {@code turn://USER@HOST:PORT}. */
    public String withoutPassword() {
        return "turn://" + user + "@" + hostPort();
    }

    private static String redact(String text) {
        return text.replaceAll("(?<=//)([^@/]*):[^@/]*@", "$1:***@");
    }

    @Override
    public String toString() {
        return withoutPassword();
    }
}
