package dev.shoal.store.index;

import dev.shoal.store.chunk.Manifest;
import java.sql.ResultSet;
import java.sql.SQLException;

/** How a file record is laid out in the {@code files} table, and read back from a query's row. */
final class RecordRows {
    static final String FILE_COLUMNS = "id, name, type, size, mtime_s, mtime_ns, permissions, deleted, version,"
            + " sequence, modified_by, manifest, symlink_target, file_key";

    static final String F_FILE_COLUMNS = FILE_COLUMNS.replaceAll("(\\w+)", "f.$1");
    /** The columns of a record without its manifest: the locator needs name, size and time, not the chunk list. */
    static final String F_LEAN_COLUMNS = F_FILE_COLUMNS.replace("f.manifest", "NULL");

    private RecordRows() {}

    static FileRecord recordOf(ResultSet rs) throws SQLException {
        return recordOf(rs, 1);
    }

    /** Reads the {@link #FILE_COLUMNS} starting at column {@code c} (the id column, which is skipped). */
    static FileRecord recordOf(ResultSet rs, int c) throws SQLException {
        byte[] manifest = rs.getBytes(c + 11);
        return new FileRecord(
                rs.getString(c + 1),
                FileType.of(rs.getInt(c + 2)),
                rs.getLong(c + 3),
                rs.getLong(c + 4),
                rs.getInt(c + 5),
                rs.getInt(c + 6),
                rs.getInt(c + 7) != 0,
                VersionVector.decode(rs.getBytes(c + 8)),
                rs.getLong(c + 9),
                rs.getLong(c + 10),
                manifest == null ? null : Manifest.decode(manifest),
                rs.getString(c + 12),
                rs.getString(c + 13));
    }
}
