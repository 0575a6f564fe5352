package dev.shoal.store.index;

import dev.shoal.store.chunk.Hash;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQLite index of all folders: local and remote file records, sequences and the chunk locator.
 *
 * <p>One connection in WAL mode, serialized by this object's monitor. Writes go through {@link #write}, one
 * transaction per batch of many records: SQLite's cost is per transaction, not per row.
 */
public final class Index implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    static final int LOCAL = 0;

    private final Path file;
    private final Connection connection;
    private final SecureRandom random = new SecureRandom();
    private final StatementCache cached;
    private final KnownFolders knownFolders = new KnownFolders();

    private Index(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.cached = new StatementCache(connection);
    }

    /** Opens (creating if needed) the index at {@code file} and brings its schema up to date. */
    public static Index open(Path file) {
        return new Index(file, IndexFile.connect(file));
    }

    public Path file() {
        return file;
    }

    public synchronized Folder addFolder(String folderId, Path path) {
        return run(() -> {
            Optional<Folder> existing = folder(folderId);
            if (existing.isPresent()) {
                return existing.get();
            }
            try (PreparedStatement ps =
                    connection.prepareStatement("INSERT INTO folders (folder_id, path, index_id) VALUES (?, ?, ?)")) {
                ps.setString(1, folderId);
                ps.setString(2, path.toAbsolutePath().toString());
                ps.setLong(3, random.nextLong() & Long.MAX_VALUE);
                ps.executeUpdate();
            }
            return folder(folderId).orElseThrow();
        });
    }

    public Optional<Folder> folder(String folderId) {
        Folder known = knownFolders.byId(folderId);
        return known != null ? Optional.of(known) : readFolder(folderId);
    }

    private synchronized Optional<Folder> readFolder(String folderId) {
        return run(() -> {
            PreparedStatement ps = cached.get("SELECT id, folder_id, path, index_id FROM folders WHERE folder_id = ?");
            ps.setString(1, folderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(knownFolders.remember(folderOf(rs))) : Optional.empty();
            }
        });
    }

    public synchronized List<Folder> folders() {
        return run(() -> {
            List<Folder> out = new ArrayList<>();
            PreparedStatement ps = cached.get("SELECT id, folder_id, path, index_id FROM folders ORDER BY folder_id");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(knownFolders.remember(folderOf(rs)));
                }
            }
            return out;
        });
    }

    /** The highest sequence this device has given a record of {@code folder}. */
    public synchronized long maxSequence(Folder folder) {
        return run(() -> {
            PreparedStatement ps = cached.get("SELECT max_sequence FROM folders WHERE id = ?");
            ps.setInt(1, folder.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** All local records of a folder (deleted ones included), by name. */
    public synchronized Map<String, FileRecord> localFiles(Folder folder) {
        return run(() -> {
            Map<String, FileRecord> out = new HashMap<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT " + RecordRows.FILE_COLUMNS + " FROM files WHERE folder = ? AND device = " + LOCAL)) {
                ps.setInt(1, folder.key());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FileRecord r = RecordRows.recordOf(rs);
                        out.put(r.name(), r);
                    }
                }
            }
            return out;
        });
    }

    /** Local records of {@code name} and everything below it (deleted ones included), by name. */
    public synchronized Map<String, FileRecord> localFilesUnder(Folder folder, String name) {
        return run(() -> {
            Map<String, FileRecord> out = new HashMap<>();
            // Names below "a" lie between "a/" and "a0" ('0' follows '/'), which the name index answers.
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + RecordRows.FILE_COLUMNS
                    + " FROM files WHERE folder = ? AND device = " + LOCAL
                    + " AND (name = ? OR (name >= ? AND name < ?))")) {
                ps.setInt(1, folder.key());
                ps.setString(2, name);
                ps.setString(3, name + "/");
                ps.setString(4, name + "0");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FileRecord r = RecordRows.recordOf(rs);
                        out.put(r.name(), r);
                    }
                }
            }
            return out;
        });
    }

    public synchronized Optional<FileRecord> localFile(Folder folder, String name) {
        return run(() -> {
            PreparedStatement ps = cached.get("SELECT " + RecordRows.FILE_COLUMNS
                    + " FROM files WHERE folder = ? AND device = " + LOCAL + " AND name = ?");
            ps.setInt(1, folder.key());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(RecordRows.recordOf(rs)) : Optional.empty();
            }
        });
    }

    /** Local records with a sequence above {@code after}, in sequence order: what a peer has not seen yet. */
    public synchronized List<FileRecord> localSince(Folder folder, long after, int limit) {
        return run(() -> {
            List<FileRecord> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + RecordRows.FILE_COLUMNS
                    + " FROM files WHERE folder = ? AND device = " + LOCAL
                    + " AND sequence > ? ORDER BY sequence LIMIT ?")) {
                ps.setInt(1, folder.key());
                ps.setLong(2, after);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(RecordRows.recordOf(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Records received from a remote device for a folder, by name. */
    public synchronized Map<String, FileRecord> remoteFiles(Folder folder, byte[] deviceId) {
        return run(() -> {
            Map<String, FileRecord> out = new HashMap<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + RecordRows.F_FILE_COLUMNS
                    + " FROM files f JOIN devices d ON d.id = f.device WHERE f.folder = ? AND d.device_id = ?")) {
                ps.setInt(1, folder.key());
                ps.setBytes(2, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FileRecord r = RecordRows.recordOf(rs);
                        out.put(r.name(), r);
                    }
                }
            }
            return out;
        });
    }

    /** How many live regular files this device has in a folder, and their bytes. */
    public synchronized LocalTotals localTotals(Folder folder) {
        return run(() -> FigureQueries.localTotals(connection, folder));
    }

    public record LocalTotals(long files, long bytes) {}

    /** The bytes of this device's live files that a remote device holds in the very same version. */
    public synchronized long bytesHeldAlike(Folder folder, byte[] deviceId) {
        return run(() -> FigureQueries.bytesHeldAlike(connection, folder, deviceId));
    }

    /**
     * Streams a remote device's records of a folder that this device lacks or holds in another version, each
     * beside this device's record of the name (null when there is none). Both come without their manifests: this
     * is for counting, and a visitor must not call back into the index.
     */
    public synchronized void forEachRemoteUnlikeLocal(Folder folder, byte[] deviceId, RecordPairs visitor) {
        run(() -> {
            FigureQueries.remoteUnlikeLocal(connection, folder, deviceId, visitor);
            return null;
        });
    }

    @FunctionalInterface
    public interface RecordPairs {
        void accept(FileRecord remote, FileRecord localOrNull);
    }

    /** The record a remote device holds for one name, if any. */
    public synchronized Optional<FileRecord> remoteFile(Folder folder, byte[] deviceId, String name) {
        return run(() -> {
            PreparedStatement ps = cached.get("SELECT " + RecordRows.F_FILE_COLUMNS
                    + " FROM files f JOIN devices d ON d.id = f.device WHERE f.folder = ? AND d.device_id = ?"
                    + " AND f.name = ?");
            ps.setInt(1, folder.key());
            ps.setBytes(2, deviceId);
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(RecordRows.recordOf(rs)) : Optional.<FileRecord>empty();
            }
        });
    }

    /** The index id of a remote device's index the records held here came from (0 when unknown). */
    public synchronized long remoteIndexId(Folder folder, byte[] deviceId) {
        return remoteIndexColumn("index_id", folder, deviceId);
    }

    /** The highest sequence of a remote device's records held here (0 when none). */
    public synchronized long remoteMaxSequence(Folder folder, byte[] deviceId) {
        return remoteIndexColumn("max_sequence", folder, deviceId);
    }

    private long remoteIndexColumn(String column, Folder folder, byte[] deviceId) {
        return run(() -> {
            PreparedStatement ps = cached.get("SELECT r." + column + " FROM remote_indexes r"
                    + " JOIN devices d ON d.id = r.device WHERE r.folder = ? AND d.device_id = ?");
            ps.setInt(1, folder.key());
            ps.setBytes(2, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Where a chunk with this hash can be read in live local files, by the last scan. */
    public synchronized List<ChunkLocation> locate(Hash hash) {
        return run(() -> {
            List<ChunkLocation> out = new ArrayList<>();
            PreparedStatement ps = cached.get("SELECT f.folder, l.offset, " + RecordRows.F_LEAN_COLUMNS
                    + " FROM chunk_locations l JOIN files f ON f.id = l.file WHERE l.hash_prefix = ?");
            ps.setLong(1, hash.prefix());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChunkLocation(folderByKey(rs.getInt(1)), RecordRows.recordOf(rs, 3), rs.getLong(2)));
                }
            }
            return out;
        });
    }

    /** The chunks of a download already written and synced, if one of this content is in progress. */
    public synchronized Optional<BitSet> partial(Folder folder, String name, Hash fileHash) {
        return run(() -> {
            PreparedStatement ps = cached.get("SELECT file_hash, done FROM partials WHERE folder = ? AND name = ?");
            ps.setInt(1, folder.key());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && Arrays.equals(rs.getBytes(1), fileHash.bytes())) {
                    return Optional.of(BitSet.valueOf(rs.getBytes(2)));
                }
                return Optional.empty();
            }
        });
    }

    public synchronized void savePartial(Folder folder, String name, Hash fileHash, BitSet done) {
        run(() -> {
            try (PreparedStatement ps =
                    connection.prepareStatement("INSERT INTO partials (folder, name, file_hash, done)"
                            + " VALUES (?, ?, ?, ?) ON CONFLICT (folder, name) DO UPDATE SET file_hash = excluded.file_hash,"
                            + " done = excluded.done")) {
                ps.setInt(1, folder.key());
                ps.setString(2, name);
                ps.setBytes(3, fileHash.bytes());
                ps.setBytes(4, done.toByteArray());
                return ps.executeUpdate();
            }
        });
    }

    public synchronized void deletePartial(Folder folder, String name) {
        run(() -> {
            try (PreparedStatement ps =
                    connection.prepareStatement("DELETE FROM partials WHERE folder = ? AND name = ?")) {
                ps.setInt(1, folder.key());
                ps.setString(2, name);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * A number that changes whenever a {@link #write} commits, so figures derived from the records can be
     * cached until then.
     */
    public long generation() {
        return generation.get();
    }

    /** Runs {@code work} in one transaction; everything it wrote is committed together or not at all. */
    public synchronized <T> T write(WriteWork<T> work) {
        return run(() -> {
            connection.setAutoCommit(false);
            try (IndexWriter writer = new IndexWriter(connection)) {
                T result = work.apply(writer);
                writer.finish();
                connection.commit();
                generation.incrementAndGet();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    /** Checks the database file's structure; true when SQLite finds nothing wrong. */
    public synchronized boolean integrityOk() {
        return run(() -> {
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                return rs.next() && "ok".equals(rs.getString(1));
            }
        });
    }

    @Override
    public synchronized void close() {
        try (connection) {
            cached.close();
        } catch (SQLException e) {
            throw new IndexException("closing the index " + file + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface WriteWork<T> {
        T apply(IndexWriter writer) throws SQLException;
    }

    private interface Sql<T> {
        T get() throws SQLException;
    }

    private <T> T run(Sql<T> sql) {
        try {
            return sql.get();
        } catch (SQLException e) {
            if (CorruptIndexException.isCorruption(e)) {
                throw new CorruptIndexException(file, e.getMessage(), e);
            }
            throw new IndexException("index " + file + ": " + e.getMessage(), e);
        }
    }

    private Folder folderByKey(int key) {
        Folder known = knownFolders.byKey(key);
        if (known == null) {
            folders(); // a folder another process added since this one last listed them
            known = knownFolders.byKey(key);
        }
        return known;
    }

    private static Folder folderOf(ResultSet rs) throws SQLException {
        return new Folder(rs.getInt(1), rs.getString(2), Path.of(rs.getString(3)), rs.getLong(4));
    }
}
