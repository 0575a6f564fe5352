package dev.shoal.store.index;

/** The index database failed; the message names the database file and what went wrong. */
public final class IndexException extends RuntimeException {
    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
