package dev.shoal.store.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The queries behind a folder's status figures. Status is asked for often (every second by a desktop window,
 * by scripts in loops) on folders of 100,000 files and more, so these stream the rows and leave out what the
 * figures never look at: manifests, and maps of every record by name.
 */
final class FigureQueries {
    /** The record columns with a table alias and without the manifest, as {@link Index#recordOf} reads them. */
    private static final String REMOTE_LEAN = lean("r");

    private static final String LOCAL_LEAN = lean("l");

    /** Joins a remote device's records ({@code r}) of a folder to this device's records of the same names ({@code l}). */
    private static final String PAIRS = " FROM files r JOIN devices d ON d.id = r.device"
            + " LEFT JOIN files l ON l.folder = r.folder AND l.device = " + Index.LOCAL + " AND l.name = r.name"
            + " WHERE r.folder = ? AND d.device_id = ?";

    private FigureQueries() {}

    private static String lean(String alias) {
        return RecordRows.FILE_COLUMNS.replaceAll("(\\w+)", alias + ".$1").replace(alias + ".manifest", "NULL");
    }

    static Index.LocalTotals localTotals(Connection connection, Folder folder) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM files"
                + " WHERE folder = ? AND device = " + Index.LOCAL + " AND deleted = 0 AND type = ?")) {
            ps.setInt(1, folder.key());
            ps.setInt(2, FileType.FILE.ordinal());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Index.LocalTotals(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /*
     * Version vectors are stored sorted and without zero counters, so equal vectors have equal bytes: records in
     * the same version are found by SQLite alone, and only the others (few, once devices are in sync) are read.
     */
    static long bytesHeldAlike(Connection connection, Folder folder, byte[] deviceId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COALESCE(SUM(l.size), 0)" + PAIRS
                + " AND r.version = l.version AND l.deleted = 0 AND l.type = ?")) {
            ps.setInt(1, folder.key());
            ps.setBytes(2, deviceId);
            ps.setInt(3, FileType.FILE.ordinal());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void remoteUnlikeLocal(Connection connection, Folder folder, byte[] deviceId, Index.RecordPairs visitor)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + REMOTE_LEAN + ", " + LOCAL_LEAN + PAIRS
                + " AND (l.id IS NULL OR r.version <> l.version)")) {
            ps.setInt(1, folder.key());
            ps.setBytes(2, deviceId);
            int localColumns = RecordRows.FILE_COLUMNS.split(",").length + 1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    FileRecord remote = RecordRows.recordOf(rs, 1);
                    rs.getLong(localColumns); // the local id: NULL when this device has no record of the name
                    FileRecord local = rs.wasNull() ? null : RecordRows.recordOf(rs, localColumns);
                    visitor.accept(remote, local);
                }
            }
        }
    }
}
