package dev.shoal.app.cli;

/** A failure the user can fix; printed as its message alone, exit code 1. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
