package dev.shoal.store.scan;

import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Hashes changed files on the pool and hands their records to the committer.
 *
 * <p>A file is stat-ed before and after hashing; if it changed meanwhile the hash may be torn, so it is hashed
 * again (a few times), and if it never settles it becomes a scan error and keeps its old record.
 */
final class HashQueue {
    static final int ATTEMPTS = 3;

    private final ForkJoinPool pool;
    private final Scanner.ContentHasher hasher;
    private final BatchCommitter committer;
    private final List<ScanError> errors = new ArrayList<>();
    private int pending;
    private int hashed;
    private long bytesHashed;

    HashQueue(ForkJoinPool pool, Scanner.ContentHasher hasher, BatchCommitter committer) {
        this.pool = pool;
        this.hasher = hasher;
        this.committer = committer;
    }

    void submit(DiskEntry entry, FileRecord old, Scanner scanner) {
        synchronized (this) {
            pending++;
        }
        pool.execute(() -> {
            try {
                committer.add(hash(entry, old, scanner));
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    errors.add(new ScanError(entry.name(), e.getMessage()));
                }
            } finally {
                synchronized (this) {
                    pending--;
                    notifyAll();
                }
            }
        });
    }

    private FileRecord hash(DiskEntry entry, FileRecord old, Scanner scanner) throws IOException {
        DiskEntry before = entry;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Manifest manifest = hasher.hash(before.path());
            synchronized (this) {
                hashed++;
                bytesHashed += manifest.size();
            }
            DiskEntry after = stat(before);
            if (after.type() == FileType.FILE && after.sameContentStamp(before) && manifest.size() == after.size()) {
                return scanner.record(after, old, manifest, null);
            }
            if (after.type() != FileType.FILE) {
                throw new IOException("was replaced by a " + after.type().name().toLowerCase() + " while being hashed;"
                        + " the next scan will index it");
            }
            before = after;
        }
        throw new IOException("kept changing while being hashed; it will be indexed once it settles");
    }

    private static DiskEntry stat(DiskEntry e) throws IOException {
        Class<? extends BasicFileAttributes> type =
                e.permissions() >= 0 ? PosixFileAttributes.class : BasicFileAttributes.class;
        BasicFileAttributes attrs = Files.readAttributes(e.path(), type, LinkOption.NOFOLLOW_LINKS);
        return DiskEntry.of(e.path(), e.name(), attrs);
    }

    synchronized void awaitAll() {
        boolean interrupted = false;
        while (pending > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized List<ScanError> errors() {
        return List.copyOf(errors);
    }

    synchronized int hashed() {
        return hashed;
    }

    synchronized long bytesHashed() {
        return bytesHashed;
    }
}
