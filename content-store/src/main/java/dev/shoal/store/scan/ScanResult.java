package dev.shoal.store.scan;

import java.time.Duration;
import java.util.List;

/**
 * What a scan found.
 *
 * @param entries files, directories and symlinks seen on disk
 * @param hashed files whose content was (re)hashed
 * @param bytesHashed bytes read to hash them
 * @param changed records written (new, changed and deleted entries)
 * @param deleted entries that vanished and became deletion records
 * @param caseCollisions groups of names that differ only in case (they clash on Windows and macOS)
 */
public record ScanResult(
        int entries,
        int hashed,
        long bytesHashed,
        int changed,
        int deleted,
        List<ScanError> errors,
        List<List<String>> caseCollisions,
        Duration elapsed) {}
