package dev.shoal.store.index;

/**
 * A place in a live local file where a chunk was found at the last scan. {@code file} is the record without its
 * manifest (null): reading a chunk needs the file's name, size and time only.
 */
public record ChunkLocation(Folder folder, FileRecord file, long offset) {}
