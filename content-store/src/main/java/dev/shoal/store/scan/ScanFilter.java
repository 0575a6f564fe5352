package dev.shoal.store.scan;

/**
 * Entries a scan leaves alone: not indexed, not descended into, and never recorded as deleted because they
 * were not seen (the folder's ignore rules).
 */
@FunctionalInterface
public interface ScanFilter {
    ScanFilter NONE = (name, directory) -> false;

    /** Whether {@code name} (relative, '/'-separated) or a directory above it is excluded. */
    boolean ignored(String name, boolean directory);
}
