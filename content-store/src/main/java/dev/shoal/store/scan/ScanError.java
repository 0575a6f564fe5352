package dev.shoal.store.scan;

/** A file the scan could not index; the rest of the scan went on. */
public record ScanError(String name, String message) {}
