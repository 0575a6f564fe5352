package dev.shoal.store.index;

import java.nio.file.Path;

/** The index file is damaged: SQLite's integrity check failed, or SQLite reported it corrupt while in use. */
public final class CorruptIndexException extends RuntimeException {
    private final Path file;

    public CorruptIndexException(Path file, String detail, Throwable cause) {
        super(
                "The index " + file + " is damaged (" + detail + "). Stop Shoal and run 'shoal repair': it sets the"
                        + " damaged file aside and rebuilds the index from your folders and your devices; files already on"
                        + " disk are kept and not downloaded again.",
                cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Whether a SQLite failure says the database file is damaged (SQLITE_CORRUPT or SQLITE_NOTADB). */
    static boolean isCorruption(java.sql.SQLException e) {
        int code = e.getErrorCode() & 0xff;
        String m = String.valueOf(e.getMessage());
        return code == 11 || code == 26 || m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB");
    }
}
