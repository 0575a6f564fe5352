package dev.shoal.store.temp;

import java.io.IOException;

/** The file a download would replace changed after the download was planned; it was left untouched. */
public final class TargetChangedException extends IOException {
    public TargetChangedException(String message) {
        super(message);
    }
}
