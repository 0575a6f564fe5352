package dev.shoal.engine.folder;

import dev.shoal.engine.api.ConflictChoice;
import dev.shoal.engine.api.FolderState;
import dev.shoal.engine.api.FolderType;
import dev.shoal.engine.ignore.IgnoreMatcher;
import dev.shoal.engine.pull.NeedPlanner;
import dev.shoal.engine.pull.PlatformNames;
import dev.shoal.engine.pull.SourceFinder;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.scan.Scanner;
import dev.shoal.store.versions.VersionStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder as a single-threaded actor: scans, records received from peers and pulls all run on its own
 * thread, one at a time, so the folder's files and records never see two writers. Per-file problems are
 * collected as errors; they do not stop the folder.
 */
public final class FolderRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderRunner.class);
    /** Up to this many received records, their local counterparts are looked up by name, not all loaded. */
    private static final int LOOKUP_LIMIT = 5_000;

    static final long DISK_RETRY_SECONDS = 10;

    private final Folder folder;
    private final Index index;
    private final Scanner scanner;
    private final ChunkReader localChunks;
    private final SourceFinder sources;
    private final Runnable localChanged;
    private final ExecutorService actor;
    /** Stores peers' records in arrival order, apart from the actor so a long pull does not hold them back. */
    private final ExecutorService recordWriter;

    private final ContentPulls contentPulls;
    /** Where files replaced or deleted by a peer's change go, restorable. */
    private final VersionStore versions;

    private final TypeActions typeActions;
    private final ConflictActions conflictActions;
    private volatile FolderType type = FolderType.SEND_RECEIVE;

    private final RecordApplier applier;

    private final Map<String, String> errors = new ConcurrentHashMap<>();
    /** Received records held for the next pull, up to a limit; beyond that the pull reads them from the index. */
    private final PendingPulls pending = new PendingPulls(Integer.getInteger("shoal.pendingRecords", 20_000));
    /** Devices this folder is shared with; their records take part in pulls. */
    private final java.util.Set<DeviceId> knownPeers = ConcurrentHashMap.newKeySet();

    private volatile FolderState state = FolderState.IDLE;
    private volatile boolean paused;
    /** The folder's ignore rules as of the last scan; ignored names are neither pulled nor deleted. */
    private volatile IgnoreMatcher ignores = IgnoreMatcher.NONE;

    private final java.util.concurrent.atomic.AtomicBoolean scanQueued =
            new java.util.concurrent.atomic.AtomicBoolean();
    /** Paths waiting for the queued scan; {@link #WHOLE_FOLDER} stands for everything. */
    private final java.util.Set<String> pendingPaths = ConcurrentHashMap.newKeySet();

    private static final String WHOLE_FOLDER = "";
    private static final int MAX_PARTIAL_PATHS = 2_000;
    /** The first scan after start always ends with a full pull (records may have arrived before a crash). */
    private boolean firstScan = true;

    private PlatformNames platform = PlatformNames.local();
    /** Why pulls are paused for lack of disk space, or null. */
    private volatile String diskFull;

    private final java.util.concurrent.atomic.AtomicBoolean retryScheduled =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param sources where a file's chunks can be fetched (null when no device that has them is connected)
     * @param localChanged told after local records changed, so peers can be sent the new ones
     */
    public FolderRunner(
            Folder folder,
            Index index,
            Scanner scanner,
            ChunkReader localChunks,
            SourceFinder sources,
            Runnable localChanged,
            long self,
            java.util.function.Consumer<dev.shoal.engine.api.Activity> activity) {
        this.folder = folder;
        this.index = index;
        this.scanner = scanner;
        this.localChunks = localChunks;
        this.sources = sources;
        this.localChanged = localChanged;
        this.actor = Executors.newSingleThreadExecutor(r -> new Thread(r, "folder-" + folder.folderId()));
        this.recordWriter = Executors.newSingleThreadExecutor(r -> new Thread(r, "records-" + folder.folderId()));
        this.versions = new VersionStore(folder.path(), java.time.InstantSource.system());
        this.contentPulls = new ContentPulls(folder, index, localChunks, sources, errors, versions, activity);
        this.typeActions = new TypeActions(folder, index, versions, self);
        this.conflictActions = new ConflictActions(folder.path(), versions);
        this.applier = new RecordApplier(folder, index, localChunks, sources, versions, errors, self, activity);
    }

    public Folder folder() {
        return folder;
    }

    public FolderState state() {
        return paused ? FolderState.PAUSED : state;
    }

    /** Pausing stops scans and pulls (records from peers are still stored); resuming rescans and pulls. */
    public void setPaused(boolean pause) {
        boolean was = paused;
        paused = pause;
        if (was && !pause) {
            LOG.info("{}: resumed", folder.folderId());
            scan();
            pullAll();
        } else if (!was && pause) {
            LOG.info("{}: paused", folder.folderId());
        }
    }

    public Map<String, String> errors() {
        String full = diskFull;
        if (full == null) {
            return Map.copyOf(errors);
        }
        Map<String, String> all = new java.util.TreeMap<>(errors);
        all.put("", full);
        return all;
    }

    /** A full disk pauses pulls; they are retried every {@link #DISK_RETRY_SECONDS} until there is room. */
    private void noteDiskSpace(String shortage) {
        boolean wasFull = diskFull != null;
        diskFull = shortage;
        if (shortage == null) {
            if (wasFull) {
                LOG.info("{}: disk space available again, syncing resumed", folder.folderId());
            }
            return;
        }
        if (!wasFull) {
            LOG.warn("{}: {}", folder.folderId(), shortage);
        }
        if (retryScheduled.compareAndSet(false, true)) {
            java.util.concurrent.CompletableFuture.delayedExecutor(
                            DISK_RETRY_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
                    .execute(() -> {
                        retryScheduled.set(false);
                        if (!actor.isShutdown()) {
                            pullAll();
                        }
                    });
        }
    }

    /** Rescans the whole folder. */
    public void scan() {
        scan(List.of(WHOLE_FOLDER));
    }

    /**
     * Rescans the entries at and below {@code paths} (relative, as the file system names them), as a watcher
     * reports them; paths reported before the scan runs are scanned together.
     */
    public void scan(Collection<String> paths) {
        pendingPaths.addAll(paths.isEmpty() ? List.of(WHOLE_FOLDER) : paths);
        if (!scanQueued.compareAndSet(false, true)) {
            return; // one queued scan sees every change made before it runs
        }
        actor.execute(() -> {
            scanQueued.set(false);
            java.util.Set<String> due = new java.util.HashSet<>(pendingPaths);
            pendingPaths.removeAll(due);
            if (paused || due.isEmpty()) {
                return; // a resume scans everything anyway
            }
            // New ignore rules can change what every path means; many paths cost about as much as a full walk.
            boolean whole =
                    due.contains(WHOLE_FOLDER) || due.contains(IgnoreMatcher.FILE) || due.size() > MAX_PARTIAL_PATHS;
            state = FolderState.SCANNING;
            try {
                if (whole) {
                    ignores = IgnoreMatcher.load(folder.path());
                }
                var result = whole ? scanner.scan(folder, ignores) : scanner.scan(folder, ignores, due);
                result.errors().forEach(e -> errors.put(e.name(), e.message()));
                state = FolderState.IDLE;
                if (result.changed() > 0) {
                    localChanged.run();
                }
                // Peers' records were pulled as they arrived; a pass over all of them is only worth it when
                // local changes may have unblocked or conflicted with one, or something failed before.
                if (result.changed() > 0 || !errors.isEmpty() || diskFull != null || firstScan) {
                    firstScan = false;
                    pullNow();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("scan of {} failed: {}", folder.folderId(), e.getMessage());
                errors.put("", e.getMessage());
                state = FolderState.ERROR;
            }
        });
    }

    /** Records received from {@code device}, stored as that device's view, then pulled where newer. */
    public void remoteIndex(DeviceId device, Collection<FileRecord> records, Runnable stored) {
        // Stored at once, even while the actor is busy with a long pull: that pull can then fetch from a device
        // whose records just arrived. Only the pull itself waits for the actor.
        Runnable store = () -> {
            try {
                LOG.debug("{}: {} records from {}", folder.folderId(), records.size(), device.shortString());
                index.write(w -> {
                    int key = w.deviceKey(device.hash());
                    long max = index.remoteMaxSequence(folder, device.hash());
                    for (FileRecord r : records) {
                        w.putRemote(folder, key, r);
                        max = Math.max(max, r.sequence());
                    }
                    w.setRemoteIndex(folder, key, index.remoteIndexId(folder, device.hash()), max);
                    return null;
                });
            } finally {
                stored.run();
            }
            // Only what just arrived can have become newer: no need to walk every record of the folder. Of that,
            // what this device already has needs no pull either: a hub hears its own files back from every peer
            // that pulled them, and holding those for a pull only filled the pending pulls.
            Map<String, FileRecord> local = localFor(records);
            List<FileRecord> wanted = records.stream()
                    .filter(r -> NeedPlanner.plan(local.get(r.name()), r) != NeedPlanner.Action.NONE)
                    .toList();
            if (!wanted.isEmpty() && pending.add(device, wanted) && !actor.isShutdown()) {
                actor.execute(this::pullPending);
            }
        };
        try {
            recordWriter.execute(new Storing(store, stored));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            stored.run(); // closed: nothing will be stored, and the sender must not wait for it
        }
    }

    /** A batch of records to store, and what to tell if it never runs because the folder closed. */
    private record Storing(Runnable store, Runnable dropped) implements Runnable {
        @Override
        public void run() {
            store.run();
        }
    }

    /** Pulls what peers sent since the last such pull, in one go however many batches it came in. */
    private void pullPending() {
        PendingPulls.Work work = pending.take();
        if (work.all()) {
            pullNow();
        } else if (!work.records().isEmpty()) {
            pull(work.records(), localFor(work.flat()));
        }
    }

    /**
     * The index id a peer announces for its own records of this folder. A different one than stored means its
     * index was reset (sequences start again): what this device claims to hold of it no longer applies, so the
     * claim drops to 0 and the peer sends everything again.
     */
    public void peerIndexId(DeviceId device, long indexId) {
        recordWriter.execute(
                () -> { // in order with the records that follow it
                    long known = index.remoteIndexId(folder, device.hash());
                    if (known == indexId) {
                        return;
                    }
                    if (known != 0) {
                        LOG.info(
                                "{}: {} reset its index; asking it for all its records again",
                                folder.folderId(),
                                device.shortString());
                    }
                    index.write(w -> {
                        w.setRemoteIndex(folder, w.deviceKey(device.hash()), indexId, 0);
                        return null;
                    });
                });
    }

    /** Pulls everything any peer has newer, e.g. after a peer (re)connects and can serve what it could not. */
    public void pullAll() {
        actor.execute(this::pullNow);
    }

    /** Makes the folder match the newest versions its peers have (on the actor thread). */
    private void pullNow() {
        Map<DeviceId, Collection<FileRecord>> all = new java.util.LinkedHashMap<>();
        for (DeviceId device : knownPeers) {
            all.put(device, index.remoteFiles(folder, device.hash()).values());
        }
        pull(all, new java.util.HashMap<>(index.localFiles(folder)));
    }

    /** This device's records of the names in {@code records}, looked up one by one when that is cheaper. */
    private Map<String, FileRecord> localFor(Collection<FileRecord> records) {
        if (records.size() > LOOKUP_LIMIT) {
            return new java.util.HashMap<>(index.localFiles(folder));
        }
        Map<String, FileRecord> local = new java.util.HashMap<>();
        for (FileRecord r : records) {
            index.localFile(folder, r.name()).ifPresent(l -> local.put(l.name(), l));
        }
        return local;
    }

    private void pull(Map<DeviceId, Collection<FileRecord>> candidates, Map<String, FileRecord> local) {
        if (state == FolderState.ERROR || paused) {
            return;
        }
        if (type == FolderType.SEND_ONLY) {
            return; // peers' changes are recorded (and counted as needed) but not applied
        }
        state = FolderState.SYNCING;
        boolean changed = false;
        platform = PlatformNames.forFolder(folder.path()); // the disk may have changed (remounted)
        PlatformNames.Checker names = platform.checker(local.values().stream()
                .filter(l -> !l.deleted())
                .map(FileRecord::name)
                .toList());
        for (Map.Entry<DeviceId, Collection<FileRecord>> peer : candidates.entrySet()) {
            // Parents before children when creating, children before parents when deleting.
            List<FileRecord> wanted = new ArrayList<>(peer.getValue());
            wanted.sort(Comparator.comparing(FileRecord::name));
            List<FileRecord> contents = new ArrayList<>();
            wanted.removeIf(
                    r -> ignores.ignored(r.name(), r.type() == FileType.DIRECTORY) || !writableHere(r, local, names));
            for (FileRecord remote : wanted) {
                if (remote.deleted()) {
                    continue;
                }
                if (remote.type() == FileType.FILE
                        && NeedPlanner.plan(local.get(remote.name()), remote) == NeedPlanner.Action.PULL) {
                    contents.add(remote); // directories first, then file contents, many at once
                } else {
                    changed |= applier.apply(peer.getKey(), local, remote, type, ignores);
                }
            }
            changed |= contentPulls.run(peer.getKey(), local, contents);
            noteDiskSpace(contentPulls.diskFull());
            for (FileRecord remote : wanted.reversed()) {
                if (remote.deleted()) {
                    changed |= applier.apply(peer.getKey(), local, remote, type, ignores);
                }
            }
        }
        state = FolderState.IDLE;
        if (changed) {
            localChanged.run();
        }
        if (applier.rescanWanted) {
            applier.rescanWanted = false;
            scan();
        }
    }

    /** A device this folder is shared with; its records take part in pulls. */
    public void addPeer(DeviceId device) {
        knownPeers.add(device);
    }

    /**
     * Whether this file system can hold the entry under its name; if not, it becomes a per-file error (nothing
     * is written, the rest of the folder syncs). Deletions always pass: removing is never harmful to a name.
     */
    private boolean writableHere(FileRecord remote, Map<String, FileRecord> local, PlatformNames.Checker names) {
        if (remote.deleted() || local.containsKey(remote.name())) {
            return true;
        }
        var problem = names.problem(remote.name());
        problem.ifPresent(p -> errors.put(remote.name(), p));
        return problem.isEmpty();
    }

    /** The ignore rules as of the last scan. */
    public IgnoreMatcher ignores() {
        return ignores;
    }

    public void setType(FolderType type) {
        this.type = type;
    }

    /** Send-only: this device's versions of everything a peer has differently win; peers then take them. */
    public void overrideRemote() {
        actor.execute(() -> {
            if (type != FolderType.SEND_ONLY) {
                return;
            }
            Map<String, FileRecord> local = new java.util.HashMap<>(index.localFiles(folder));
            boolean changed = false;
            for (DeviceId peer : knownPeers) {
                changed |= typeActions.override(
                        local, index.remoteFiles(folder, peer.hash()).values());
            }
            if (changed) {
                localChanged.run();
            }
        });
    }

    /** Receive-only: local changes are moved into versions and the peers' versions pulled back. */
    public void revertLocal() {
        actor.execute(() -> {
            if (type != FolderType.RECEIVE_ONLY) {
                return;
            }
            try {
                typeActions.revert(new java.util.HashMap<>(index.localFiles(folder)));
            } catch (IOException e) {
                errors.put("", "reverting local changes failed: " + e.getMessage());
            }
            pullNow();
        });
    }

    /**
     * Settles a conflict as the user chose (between pulls, on the actor) and rescans, so peers take the outcome.
     *
     * @return the name the kept copy has now (for keep-both), or the file's name
     */
    public java.util.concurrent.CompletableFuture<String> resolveConflict(String copyName, ConflictChoice choice) {
        java.util.concurrent.CompletableFuture<String> done = new java.util.concurrent.CompletableFuture<>();
        actor.execute(() -> {
            try {
                String kept = conflictActions.resolve(copyName, choice);
                scan();
                actor.execute(() -> done.complete(kept)); // after that scan: the outcome is recorded by then
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Old versions of this folder's files that peers' changes replaced or deleted. */
    public VersionStore versions() {
        return versions;
    }

    @Override
    public void close() {
        for (Runnable never : recordWriter.shutdownNow()) {
            if (never instanceof Storing s) {
                s.dropped().run();
            }
        }
        actor.shutdownNow();
        contentPulls.close();
    }
}
