package dev.shoal.store.chunk;

/**
 * Chunk size bounds of the content-defined chunker. Both sides of a sync must chunk alike for chunks to be
 * reused, so the values are part of the protocol: {@link #version} travels with every manifest.
 */
public record ChunkParams(int version, int minSize, int avgSize, int maxSize) {
    /** Version 1: min 32 KiB, average 128 KiB, max 512 KiB, gear table {@link Gear#VERSION} 1. */
    public static final ChunkParams V1 = new ChunkParams(1, 32 * 1024, 128 * 1024, 512 * 1024);

    public ChunkParams {
        if (Integer.bitCount(avgSize) != 1 || minSize <= 0 || minSize >= avgSize || avgSize >= maxSize) {
            throw new IllegalArgumentException("need 0 < min < avg < max and avg a power of two");
        }
    }
}
