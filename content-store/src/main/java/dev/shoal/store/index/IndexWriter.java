package dev.shoal.store.index;

import dev.shoal.store.chunk.Chunk;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes inside one {@link Index#write} transaction. Statements are prepared once per transaction. */
public final class IndexWriter implements AutoCloseable {
    private final Connection c;
    private final Map<Integer, Long> sequences = new HashMap<>();
    private final List<PreparedStatement> statements = new ArrayList<>();
    private PreparedStatement upsert;
    private PreparedStatement deleteLocations;
    private PreparedStatement insertLocation;

    IndexWriter(Connection c) {
        this.c = c;
    }

    /**
     * Stores a local record under the folder's next sequence number and points the chunk locator at its chunks.
     *
     * @return the record as stored, with its sequence
     */
    public FileRecord putLocal(Folder folder, FileRecord record) throws SQLException {
        long seq = sequences.containsKey(folder.key()) ? sequences.get(folder.key()) : readSequence(folder);
        seq++;
        sequences.put(folder.key(), seq);
        FileRecord stored = record.withSequence(seq);
        long id = upsert(folder, Index.LOCAL, stored);
        if (deleteLocations == null) {
            deleteLocations = prepare("DELETE FROM chunk_locations WHERE file = ?");
            insertLocation =
                    prepare("INSERT OR IGNORE INTO chunk_locations (hash_prefix, file, offset) VALUES (?, ?, ?)");
        }
        deleteLocations.setLong(1, id);
        deleteLocations.executeUpdate();
        if (!stored.deleted() && stored.manifest() != null) {
            for (Chunk chunk : stored.manifest().chunks()) {
                insertLocation.setLong(1, chunk.hash().prefix());
                insertLocation.setLong(2, id);
                insertLocation.setLong(3, chunk.offset());
                insertLocation.addBatch();
            }
            insertLocation.executeBatch();
        }
        return stored;
    }

    private long readSequence(Folder folder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max_sequence FROM folders WHERE id = ?")) {
            ps.setInt(1, folder.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private long upsert(Folder folder, int device, FileRecord r) throws SQLException {
        if (upsert == null) {
            upsert = prepare("INSERT INTO files (folder, device, name, type, size, mtime_s, mtime_ns, permissions,"
                    + " deleted, version, sequence, modified_by, file_hash, manifest, symlink_target, file_key)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (folder, device, name) DO UPDATE SET type = excluded.type, size = excluded.size,"
                    + " mtime_s = excluded.mtime_s, mtime_ns = excluded.mtime_ns, permissions = excluded.permissions,"
                    + " deleted = excluded.deleted, version = excluded.version, sequence = excluded.sequence,"
                    + " modified_by = excluded.modified_by, file_hash = excluded.file_hash,"
                    + " manifest = excluded.manifest, symlink_target = excluded.symlink_target,"
                    + " file_key = excluded.file_key RETURNING id");
        }
        upsert.setInt(1, folder.key());
        upsert.setInt(2, device);
        upsert.setString(3, r.name());
        upsert.setInt(4, r.type().ordinal());
        upsert.setLong(5, r.size());
        upsert.setLong(6, r.mtimeSeconds());
        upsert.setInt(7, r.mtimeNanos());
        upsert.setInt(8, r.permissions());
        upsert.setInt(9, r.deleted() ? 1 : 0);
        upsert.setBytes(10, r.version().encode());
        upsert.setLong(11, r.sequence());
        upsert.setLong(12, r.modifiedBy());
        upsert.setBytes(
                13, r.manifest() == null ? null : r.manifest().fileHash().bytes());
        upsert.setBytes(14, r.manifest() == null ? null : r.manifest().encode());
        upsert.setString(15, r.symlinkTarget());
        upsert.setString(16, r.fileKey());
        try (ResultSet rs = upsert.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        statements.add(ps);
        return ps;
    }

    /** Stores a record received from a remote device (by its index key, see {@link #deviceKey}). */
    public void putRemote(Folder folder, int deviceKey, FileRecord record) throws SQLException {
        if (deviceKey == Index.LOCAL) {
            throw new IllegalArgumentException("device key 0 is the local device");
        }
        upsert(folder, deviceKey, record);
    }

    /** The index's key for a remote device, created on first use. */
    public int deviceKey(byte[] deviceId) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT OR IGNORE INTO devices (device_id) VALUES (?)")) {
            ins.setBytes(1, deviceId);
            ins.executeUpdate();
        }
        try (PreparedStatement sel = c.prepareStatement("SELECT id FROM devices WHERE device_id = ?")) {
            sel.setBytes(1, deviceId);
            try (ResultSet rs = sel.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Forgets everything a remote device said about a folder (its records, how far its index was read): the folder
     * was unshared from it. Shared again later, its index is read afresh.
     */
    public void dropRemote(Folder folder, int deviceKey) throws SQLException {
        if (deviceKey == Index.LOCAL) {
            throw new IllegalArgumentException("device key 0 is the local device");
        }
        for (String table : List.of("files", "remote_indexes")) {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM " + table + " WHERE folder = ? AND device = ?")) {
                ps.setInt(1, folder.key());
                ps.setInt(2, deviceKey);
                ps.executeUpdate();
            }
        }
    }

    /** Records what we hold of a remote device's index for a folder. */
    public void setRemoteIndex(Folder folder, int deviceKey, long indexId, long maxSequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO remote_indexes (folder, device, index_id,"
                + " max_sequence) VALUES (?, ?, ?, ?) ON CONFLICT (folder, device) DO UPDATE SET"
                + " index_id = excluded.index_id, max_sequence = excluded.max_sequence")) {
            ps.setInt(1, folder.key());
            ps.setInt(2, deviceKey);
            ps.setLong(3, indexId);
            ps.setLong(4, maxSequence);
            ps.executeUpdate();
        }
    }

    /** Writes the folders' new sequence numbers; called once, just before the transaction commits. */
    void finish() throws SQLException {
        for (Map.Entry<Integer, Long> e : sequences.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE folders SET max_sequence = ? WHERE id = ?")) {
                ps.setLong(1, e.getValue());
                ps.setInt(2, e.getKey());
                ps.executeUpdate();
            }
        }
        sequences.clear();
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : statements) {
            ps.close();
        }
    }
}
