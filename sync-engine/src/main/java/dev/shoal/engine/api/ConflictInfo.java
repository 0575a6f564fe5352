package dev.shoal.engine.api;

import java.time.Instant;

/**
 * A file with a conflict copy beside it, as the user decides between them (keep mine / theirs / both).
 *
 * @param current the version under the file's name (the one that won)
 * @param copy the version kept as the conflict copy
 */
public record ConflictInfo(String folder, String file, String copyName, Version current, Version copy) {
    /** @param device the first 7 characters of the ID of the device that made this version */
    public record Version(long size, Instant modified, String device) {}
}
