package dev.shoal.engine.pull;

import dev.shoal.store.index.FileRecord;
import java.nio.file.Path;

/**
 * A finished pull.
 *
 * @param record the new local record (sequence assigned when stored)
 * @param reusedBytes bytes copied from chunks already on this device
 * @param fetchedBytes bytes requested from peers
 * @param unsyncedDirectory the directory whose rename the caller must make durable before recording the file
 *     (only when the puller was asked to leave that to it), else null
 */
public record PullResult(FileRecord record, long reusedBytes, long fetchedBytes, Path unsyncedDirectory) {
    public PullResult(FileRecord record, long reusedBytes, long fetchedBytes) {
        this(record, reusedBytes, fetchedBytes, null);
    }
}
