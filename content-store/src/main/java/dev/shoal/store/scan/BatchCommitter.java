package dev.shoal.store.scan;

import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects scanned records and writes them in large transactions: one per {@link #MAX_RECORDS} records or
 * per {@link #MAX_AGE_NANOS}, whichever comes first, so a crash loses at most about a second of scanning.
 */
final class BatchCommitter {
    static final int MAX_RECORDS = 2000;
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final Index index;
    private final Folder folder;
    private List<FileRecord> batch = new ArrayList<>();
    private long batchStart;
    private int written;

    BatchCommitter(Index index, Folder folder) {
        this.index = index;
        this.folder = folder;
    }

    synchronized void add(FileRecord record) {
        if (batch.isEmpty()) {
            batchStart = System.nanoTime();
        }
        batch.add(record);
        if (batch.size() >= MAX_RECORDS || System.nanoTime() - batchStart >= MAX_AGE_NANOS) {
            flush();
        }
    }

    synchronized void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<FileRecord> toWrite = batch;
        batch = new ArrayList<>();
        index.write(w -> {
            for (FileRecord r : toWrite) {
                w.putLocal(folder, r);
            }
            return null;
        });
        written += toWrite.size();
    }

    synchronized int written() {
        return written;
    }
}
