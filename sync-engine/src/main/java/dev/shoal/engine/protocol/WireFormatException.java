package dev.shoal.engine.protocol;

/** A message from a peer that cannot be decoded; the connection that carried it is closed as a protocol error. */
public final class WireFormatException extends Exception {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
