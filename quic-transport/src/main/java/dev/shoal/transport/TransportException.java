package dev.shoal.transport;

import java.io.IOException;

/** A session could not be set up or was lost; the message says why in terms a user can act on. */
public final class TransportException extends IOException {
    public TransportException(String message) {
        super(message);
    }
}
