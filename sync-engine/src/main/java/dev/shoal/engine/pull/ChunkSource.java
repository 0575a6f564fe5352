package dev.shoal.engine.pull;

import dev.shoal.store.chunk.Chunk;
import java.util.concurrent.CompletableFuture;

/** Where chunks come from when no local file has them: a peer, over a data stream. */
@FunctionalInterface
public interface ChunkSource {
    /**
     * The bytes of {@code chunk} of {@code name} in folder {@code folderId}; unverified (the puller checks).
     *
     * @param base this device's old bytes at the chunk's offset (possibly shorter than the chunk), or null: the
     *     source may then transfer only the parts that differ
     */
    CompletableFuture<byte[]> fetch(String folderId, String name, Chunk chunk, byte[] base);
}
