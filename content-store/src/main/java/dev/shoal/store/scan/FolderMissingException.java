package dev.shoal.store.scan;

import java.io.IOException;

/**
 * The folder's directory (or its {@code .shoal} marker) is gone. Scanning would turn every file into a deletion
 * and spread it to all peers, so the scan stops instead; the user must restore or remount the folder.
 */
public final class FolderMissingException extends IOException {
    public FolderMissingException(String message) {
        super(message);
    }
}
