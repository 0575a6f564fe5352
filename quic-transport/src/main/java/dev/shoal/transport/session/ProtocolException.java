package dev.shoal.transport.session;

/** The peer broke the wire protocol; the connection is closed with {@link CloseCode#PROTOCOL_ERROR}. */
public final class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }
}
