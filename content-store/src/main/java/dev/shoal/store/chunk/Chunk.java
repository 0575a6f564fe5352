package dev.shoal.store.chunk;

/** One chunk of a file: where it starts, how long it is, and its SHA-256. */
public record Chunk(long offset, int size, Hash hash) {}
