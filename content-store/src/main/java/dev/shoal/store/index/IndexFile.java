package dev.shoal.store.index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opening the index's SQLite file: its pragmas, a quick integrity check, and the schema migrations. */
final class IndexFile {
    private IndexFile() {}

    /** A connection to the index at {@code file} (created if needed), checked and migrated. */
    static Connection connect(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.execute("PRAGMA journal_mode = WAL");
                // WAL + NORMAL: always consistent after a crash; the last commits may be lost on power failure,
                // which a rescan repairs.
                st.execute("PRAGMA synchronous = NORMAL");
                st.execute("PRAGMA cache_size = -32000");
                checkIntact(file, st);
                Migrations.apply(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            } catch (CorruptIndexException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            if (CorruptIndexException.isCorruption(e)) {
                throw new CorruptIndexException(file, e.getMessage(), e);
            }
            throw new IndexException("cannot open the index " + file + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new IndexException("cannot open the index " + file + ": " + e.getMessage(), e);
        }
    }

    /** SQLite's quick integrity check (O(size), no index cross-checks): a damaged page is caught at start. */
    private static void checkIntact(Path file, Statement st) throws SQLException {
        try (var rs = st.executeQuery("PRAGMA quick_check(5)")) {
            StringBuilder problems = new StringBuilder();
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line)) {
                    problems.append(problems.isEmpty() ? "" : "; ").append(line);
                }
            }
            if (!problems.isEmpty()) {
                throw new CorruptIndexException(file, "integrity check: " + problems, null);
            }
        }
    }
}
