package dev.shoal.store.temp;

import java.io.IOException;

/** Bytes offered for a chunk do not match its hash; nothing was written. */
public final class CorruptChunkException extends IOException {
    public CorruptChunkException(String message) {
        super(message);
    }
}
