package dev.shoal.engine.pull;

import dev.shoal.store.index.FileRecord;

/**
 * A finished pull.
 *
 * @param record the new local record (sequence assigned when stored)
 * @param reusedBytes bytes copied from chunks already on this device
 * @param fetchedBytes bytes requested from peers
 */
public record PullResult(FileRecord record, long reusedBytes, long fetchedBytes) {}
