package dev.shoal.engine.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free space where a folder's files are written. Pulls stop before they would fill the disk, and a write that
 * still hits a full disk is recognised, so the folder reports one clear error and retries later instead of
 * failing every file in turn.
 */
final class DiskSpace {
    /** Kept free for the index, temp bookkeeping and everything else on the disk. */
    static final long MARGIN = 16L << 20;

    private final Path dir;
    private volatile java.nio.file.FileStore store;

    DiskSpace(Path dir) {
        this.dir = dir;
    }

    long free() {
        try {
            if (store == null) {
                store = Files.getFileStore(dir); // finding the mount reads the mount table: once, not per file
            }
            return store.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: let the write itself tell
        }
    }

    boolean fits(long bytes) {
        return free() >= bytes + MARGIN;
    }

    String shortage(String name, long bytes) {
        return "Not enough free disk space in " + dir + ": " + name + " needs " + mb(bytes + MARGIN) + " MB, "
                + mb(free()) + " MB free. Free some space; syncing resumes by itself.";
    }

    /** Whether an error message is the OS saying the disk is full (Linux/macOS, Windows). */
    static boolean isFull(String message) {
        return message != null
                && (message.contains("No space left on device") || message.contains("not enough space on the disk"));
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
