package dev.shoal.transport.session;

/** Application close codes sent with QUIC CONNECTION_CLOSE, each with a reason string. */
public enum CloseCode {
    /** Normal close (shutdown, duplicate connection, idle). */
    NORMAL(0),
    /** TLS or hello failed: wrong certificate, device not paired, incompatible protocol version. */
    HANDSHAKE_FAILED(1),
    /** TLS + hello did not complete in time. */
    HANDSHAKE_TIMEOUT(2),
    /** A malformed or oversized frame, or a message out of place. */
    PROTOCOL_ERROR(3);

    public final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public static String describe(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return c.name().toLowerCase().replace('_', ' ');
            }
        }
        return "code " + code;
    }
}
