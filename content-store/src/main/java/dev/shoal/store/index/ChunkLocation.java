package dev.shoal.store.index;

/** A place in a live local file where a chunk was found at the last scan. */
public record ChunkLocation(Folder folder, FileRecord file, long offset) {}
