package dev.shoal.store.versions;

import java.nio.file.Path;
import java.time.LocalDateTime;

/** An old copy of a file kept in the versions area. */
public record StoredVersion(String name, LocalDateTime archivedAt, long size, Path path) {}
