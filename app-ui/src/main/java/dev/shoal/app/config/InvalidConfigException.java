package dev.shoal.app.config;

/** A setting a user asked for that cannot be applied; the message says why and what to do. */
public final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
        super(message);
    }
}
