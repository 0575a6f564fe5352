package dev.shoal.engine.pull;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;

/** Finds the devices to fetch one file's chunks from. */
@FunctionalInterface
public interface SourceFinder {
    /**
     * Where the chunks of {@code wanted}, announced by {@code from}, can come from: {@code from} and any other
     * connected device holding the same content; null when none of them is connected.
     */
    ChunkSource forFile(DeviceId from, FileRecord wanted);
}
