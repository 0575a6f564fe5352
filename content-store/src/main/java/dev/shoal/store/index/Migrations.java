package dev.shoal.store.index;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Numbered schema scripts, applied in order at open. {@code PRAGMA user_version} records the last one
 * applied; each script runs in the same transaction as the version bump, so a crash never half-applies one.
 */
final class Migrations {
    static final List<String> SCRIPTS = List.of("001-initial.sql");

    private Migrations() {}

    static void apply(Connection c) throws SQLException {
        int current;
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("PRAGMA user_version")) {
            current = rs.getInt(1);
        }
        if (current > SCRIPTS.size()) {
            throw new SQLException("the index was written by a newer Shoal (schema " + current + ", this version knows "
                    + SCRIPTS.size() + ")");
        }
        for (int v = current; v < SCRIPTS.size(); v++) {
            String sql = load(SCRIPTS.get(v));
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String statement : sql.split(";\\s*(\\n|$)")) {
                    if (!statement.isBlank()) {
                        st.execute(statement);
                    }
                }
                st.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migration " + SCRIPTS.get(v) + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private static String load(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is missing from the build");
            }
            // Comments are dropped before the script is split into statements at semicolons.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }
}
