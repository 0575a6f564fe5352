package dev.shoal.store.versions;

import java.nio.file.Path;
import java.time.LocalDateTime;

/**
 * An old copy of a file kept in the versions area.
 *
 * @param device the first 7 characters of the ID of the device that made this version; "" when not known
 */
public record StoredVersion(String name, LocalDateTime archivedAt, long size, Path path, String device) {
    public StoredVersion(String name, LocalDateTime archivedAt, long size, Path path) {
        this(name, archivedAt, size, path, "");
    }
}
