package dev.shoal.engine.api;

import java.time.Instant;

/**
 * Something that happened to a file because of another device, for "recent activity" lists.
 *
 * @param device the first 7 characters of the ID of the device the change came from
 * @param bytes the file's size (0 for deletions)
 */
public record Activity(Instant at, String folder, String name, Kind kind, String device, long bytes) {
    public enum Kind {
        SYNCED,
        DELETED,
        CONFLICT
    }
}
