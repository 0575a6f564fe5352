package dev.shoal.engine.folder;

import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.pull.FilePuller;
import dev.shoal.engine.pull.PullResult;
import dev.shoal.engine.pull.SourceFinder;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.fs.AtomicFiles;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the contents of many files at once for a folder runner. A small file costs a round trip and two
 * fsyncs, almost no CPU, so pulling them one by one leaves the machine idle: here up to
 * {@code parallelFiles} are in flight (their fsyncs share the file system's journal commits), and their
 * records reach the index in batches instead of one transaction each. Large files, which already keep many
 * chunk requests in flight on their own, follow one at a time.
 *
 * <p>Only the pulls run on the pool; results are applied to the index, the runner's view and its errors on the
 * calling (actor) thread.
 */
final class ContentPulls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContentPulls.class);
    private final int parallelFiles;
    /** Files up to this size go in parallel; larger ones have a chunk pipeline of their own. */
    static final long SMALL_FILE = 4L << 20;

    private static final int BATCH_RECORDS = 500;
    private static final long BATCH_NANOS = 1_000_000_000L;

    private final Folder folder;
    private final Index index;
    private final ChunkReader localChunks;
    private final SourceFinder sources;
    private final Map<String, String> errors;
    private final ExecutorService pool;
    private final DiskSpace space;
    private final dev.shoal.store.versions.VersionStore versions;
    private final java.util.function.Consumer<dev.shoal.engine.api.Activity> activity;
    /** Why the last run stopped early for lack of disk space; null when it did not. */
    private volatile String diskFull;
    /** Files whose pull failed (not for lack of space) since {@link #takeFailed} was last called. */
    private final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();

    ContentPulls(
            Folder folder,
            Index index,
            ChunkReader localChunks,
            SourceFinder sources,
            Map<String, String> errors,
            dev.shoal.store.versions.VersionStore versions,
            java.util.function.Consumer<dev.shoal.engine.api.Activity> activity,
            int parallelFiles) {
        this.activity = activity;
        this.parallelFiles = parallelFiles;
        this.folder = folder;
        this.index = index;
        this.localChunks = localChunks;
        this.sources = sources;
        this.errors = errors;
        this.space = new DiskSpace(folder.path());
        this.versions = versions;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelFiles, r -> {
            Thread t = new Thread(r, "pull-" + folder.folderId() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Pulls {@code files} (all newer on {@code from} than in {@code local}) and records what arrived.
     *
     * @return whether any local record changed
     */
    boolean run(DeviceId from, Map<String, FileRecord> local, List<FileRecord> files) {
        if (files.isEmpty()) {
            return false;
        }
        long started = System.nanoTime();
        Batch batch = new Batch(local, from);
        CompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
        List<FileRecord> large = new ArrayList<>();
        Map<String, Long> inFlight = new java.util.HashMap<>();
        diskFull = null;
        try {
            for (FileRecord remote : files) {
                if (remote.size() > SMALL_FILE) {
                    large.add(remote);
                    continue;
                }
                ChunkSource source = sources.forFile(from, remote);
                if (source == null && remote.size() > 0) {
                    continue; // no device that has it is connected now; pulled when one is
                }
                FilePuller puller = new FilePuller(index, localChunks, source, versions).deferringDirectorySync();
                if (inFlight.size() == parallelFiles) {
                    batch.add(take(done), inFlight);
                }
                long reserved =
                        inFlight.values().stream().mapToLong(Long::longValue).sum();
                if (diskFull == null && !space.fits(remote.size() + reserved)) {
                    diskFull = space.shortage(remote.name(), remote.size() + reserved);
                }
                if (diskFull != null) {
                    break; // paused: nothing more is started until there is room again
                }
                FileRecord current = local.get(remote.name());
                done.submit(() -> attempt(puller, current, remote, from));
                inFlight.put(remote.name(), remote.size());
            }
            while (!inFlight.isEmpty()) {
                batch.add(take(done), inFlight);
            }
            batch.commit();
            for (FileRecord remote : large) {
                if (diskFull == null && !space.fits(remote.size())) {
                    diskFull = space.shortage(remote.name(), remote.size());
                }
                if (diskFull != null) {
                    break;
                }
                ChunkSource source = sources.forFile(from, remote);
                if (source == null) {
                    continue; // disconnected meanwhile; pulled when a device that has it is back
                }
                FilePuller puller = new FilePuller(index, localChunks, source, versions);
                batch.add(attempt(puller, local.get(remote.name()), remote, from), inFlight);
                batch.commit(); // a large file is worth its own transaction: it shows up at once
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            batch.commit();
        }
        LOG.info(
                "{}: {} of {} files from {} in {} ms",
                folder.folderId(),
                batch.pulled,
                files.size(),
                from.shortString(),
                (System.nanoTime() - started) / 1_000_000);
        return batch.changed;
    }

    private Outcome attempt(FilePuller puller, FileRecord current, FileRecord remote, DeviceId from)
            throws InterruptedException {
        try {
            PullResult result = puller.pull(folder, current, remote);
            LOG.debug(
                    "pulled {} from {}: {} bytes reused, {} fetched",
                    remote.name(),
                    from.shortString(),
                    result.reusedBytes(),
                    result.fetchedBytes());
            return new Outcome(remote, result.record(), null, result.unsyncedDirectory());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return new Outcome(remote, null, e.getMessage() == null ? e.toString() : e.getMessage(), null);
        } catch (Error e) {
            // An Error (say, memory for one huge file) fails this file; the rest of the folder goes on.
            LOG.warn("pulling {} failed", remote.name(), e);
            return new Outcome(remote, null, "failed: " + e, null);
        }
    }

    private static Outcome take(CompletionService<Outcome> done) throws InterruptedException {
        Future<Outcome> f = done.take();
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pull task failed unexpectedly", e.getCause());
        }
    }

    /** Records of finished pulls, committed together. */
    private final class Batch {
        private final Map<String, FileRecord> local;
        private final DeviceId from;
        private final List<FileRecord> records = new ArrayList<>();
        /** Directories holding renames of this batch that are not durable yet. */
        private final Set<Path> unsynced = new HashSet<>();

        private long since = System.nanoTime();
        boolean changed;
        int pulled;

        Batch(Map<String, FileRecord> local, DeviceId from) {
            this.local = local;
            this.from = from;
        }

        void add(Outcome o, Map<String, Long> inFlight) {
            inFlight.remove(o.remote().name());
            if (o.error() != null) {
                if (DiskSpace.isFull(o.error())) {
                    // The temp file stays for a resume; the folder reports the shortage once, not per file.
                    diskFull = space.shortage(o.remote().name(), o.remote().size());
                    return;
                }
                errors.put(o.remote().name(), o.error());
                failed.incrementAndGet();
                return;
            }
            errors.remove(o.remote().name());
            records.add(o.record());
            if (o.unsyncedDirectory() != null) {
                unsynced.add(o.unsyncedDirectory());
            }
            activity.accept(new dev.shoal.engine.api.Activity(
                    java.time.Instant.now(),
                    folder.folderId(),
                    o.remote().name(),
                    dev.shoal.engine.api.Activity.Kind.SYNCED,
                    from.shortString(),
                    o.remote().size()));
            pulled++;
            if (records.size() >= BATCH_RECORDS || System.nanoTime() - since >= BATCH_NANOS) {
                commit();
            }
        }

        void commit() {
            since = System.nanoTime();
            if (records.isEmpty()) {
                return;
            }
            // The renames become durable before the index says the files are here: after a crash the index
            // never claims a version the disk lost.
            unsynced.forEach(AtomicFiles::fsyncDirectory);
            unsynced.clear();
            List<FileRecord> stored = index.write(w -> {
                List<FileRecord> out = new ArrayList<>(records.size());
                for (FileRecord r : records) {
                    out.add(w.putLocal(folder, r));
                }
                return out;
            });
            stored.forEach(r -> local.put(r.name(), r));
            records.clear();
            changed = true;
        }
    }

    /** How many files failed to arrive since the last call (their errors are in the folder's errors). */
    int takeFailed() {
        return failed.getAndSet(0);
    }

    /** The disk-space shortage that paused the last run, or null. */
    String diskFull() {
        return diskFull;
    }

    private record Outcome(FileRecord remote, FileRecord record, String error, Path unsyncedDirectory) {}

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
