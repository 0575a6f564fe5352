package dev.shoal.engine.spi;

/** A device ID typed or received in a form that cannot be right; the message is meant for the user. */
public final class InvalidDeviceIdException extends IllegalArgumentException {
    public InvalidDeviceIdException(String message) {
        super(message);
    }
}
