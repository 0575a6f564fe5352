package dev.shoal.engine.folder;

import dev.shoal.engine.api.Activity;
import dev.shoal.engine.api.ConflictChoice;
import dev.shoal.engine.api.EngineSettings;
import dev.shoal.engine.api.FolderState;
import dev.shoal.engine.api.FolderType;
import dev.shoal.engine.ignore.IgnoreMatcher;
import dev.shoal.engine.pull.SourceFinder;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.scan.Scanner;
import dev.shoal.store.versions.VersionStore;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder as a single-threaded actor: scans, peers' records and pulls all run on its own thread through one
 * {@link FolderSchedule}, one at a time, so the folder's files and records never see two writers. Per-file
 * problems are collected as errors; they do not stop the folder. What differs per folder type is its
 * {@link FolderMode}.
 */
public final class FolderRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderRunner.class);
    static final long DISK_RETRY_SECONDS = 10;
    private final long failedRetrySeconds;

    private static final int MAX_PARTIAL_PATHS = 2_000;

    private final Folder folder;
    private final Index index;
    private final Scanner scanner;
    private final Runnable localChanged;
    private final long self;
    private final FolderSchedule schedule;
    private final RemoteRecords remote;
    private final PullPass pullPass;
    private final ContentPulls contentPulls;
    /** Where files replaced or deleted by a peer's change go, restorable. */
    private final VersionStore versions;

    private final dev.shoal.store.versions.LocalCopies localCopies;

    private final ConflictActions conflictActions;
    private final RecordApplier applier;
    private final Map<String, String> errors = new ConcurrentHashMap<>();

    private volatile FolderMode mode = FolderMode.of(FolderType.SEND_RECEIVE);
    private volatile FolderState state = FolderState.IDLE;
    private volatile boolean paused;
    /** The folder's ignore rules as of the last scan; ignored names are neither pulled nor deleted. */
    private volatile IgnoreMatcher ignores = IgnoreMatcher.NONE;
    /** The first scan after start always ends with a full pull (records may have arrived before a crash). */
    private boolean firstScan = true;
    /** Why pulls are paused for lack of disk space, or null. */
    private volatile String diskFull;

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
            Consumer<Activity> activity,
            EngineSettings settings) {
        this.folder = folder;
        this.index = index;
        this.scanner = scanner;
        this.localChanged = localChanged;
        this.self = self;
        this.schedule = new FolderSchedule(folder.folderId(), new FolderSchedule.Steps() {
            @Override
            public void scan(Set<String> paths) {
                scanStep(paths);
            }

            @Override
            public void pullAll() {
                pull(remote.all(), new HashMap<>(index.localFiles(folder)));
            }

            @Override
            public void pullArrived() {
                RemoteRecords.Arrived arrived = remote.takeArrived();
                if (arrived.everything()) {
                    pullAll();
                } else if (!arrived.records().isEmpty()) {
                    pull(arrived.records(), arrived.local());
                }
            }
        });
        this.remote = new RemoteRecords(folder, index, schedule, settings.pendingRecords());
        this.failedRetrySeconds = settings.failedRetrySeconds();
        this.versions = new VersionStore(folder.path(), settings.clock());
        this.localCopies = new dev.shoal.store.versions.LocalCopies(folder, index, versions, self);
        this.contentPulls = new ContentPulls(
                folder, index, localChunks, sources, errors, versions, activity, settings.parallelFiles());
        this.conflictActions = new ConflictActions(folder.path(), versions);
        this.applier = new RecordApplier(folder, index, localChunks, sources, versions, errors, self, activity);
        this.pullPass = new PullPass(folder, applier, contentPulls, errors);
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
        Map<String, String> all = new TreeMap<>(errors);
        all.put("", full);
        return all;
    }

    /** Rescans the whole folder. */
    public void scan() {
        schedule.scan(List.of());
    }

    /**
     * Rescans the entries at and below {@code paths} (relative, as the file system names them), as a watcher
     * reports them; paths reported before the scan runs are scanned together.
     */
    public void scan(Collection<String> paths) {
        schedule.scan(paths);
    }

    /** Records received from {@code device}, stored as that device's view, then pulled where newer. */
    public void remoteIndex(DeviceId device, Collection<FileRecord> records, Runnable stored) {
        remote.arrived(device, records, stored);
    }

    /**
     * The index id a peer announces for its own records of this folder. A different one than stored means its
     * index was reset (sequences start again): what this device claims to hold of it no longer applies, so the
     * claim drops to 0 and the peer sends everything again.
     */
    public void peerIndexId(DeviceId device, long indexId) {
        remote.indexId(device, indexId);
    }

    /** Pulls everything any peer has newer, e.g. after a peer (re)connects and can serve what it could not. */
    public void pullAll() {
        schedule.pullAll();
    }

    /** A device this folder is shared with; its records take part in pulls. */
    public void addPeer(DeviceId device) {
        remote.addPeer(device);
    }

    /** Unshared from {@code device}: its records are forgotten and it is no source for pulls any more. */
    public void removePeer(DeviceId device) {
        remote.removePeer(device);
    }

    /** The ignore rules as of the last scan. */
    public IgnoreMatcher ignores() {
        return ignores;
    }

    public void setType(FolderType type) {
        this.mode = FolderMode.of(type);
    }

    /** Send-only: this device's versions of everything a peer has differently win; peers then take them. */
    public void overrideRemote() {
        schedule.run(() -> {
            if (!(mode instanceof SendOnly sendOnly)) {
                return;
            }
            Map<String, FileRecord> local = new HashMap<>(index.localFiles(folder));
            boolean changed = false;
            for (Collection<FileRecord> theirs : remote.all().values()) {
                changed |= sendOnly.override(index, folder, self, local, theirs);
            }
            if (changed) {
                localChanged.run();
            }
        });
    }

    /** Receive-only: local changes are moved into versions and the peers' versions pulled back. */
    public void revertLocal() {
        schedule.run(() -> {
            if (!(mode instanceof ReceiveOnly receiveOnly)) {
                return;
            }
            try {
                receiveOnly.revert(index, folder, versions, self, new HashMap<>(index.localFiles(folder)));
            } catch (IOException e) {
                errors.put("", "reverting local changes failed: " + e.getMessage());
            }
            schedule.pullAll();
        });
    }

    /**
     * Settles a conflict as the user chose (between pulls, on the folder's thread) and rescans, so peers take the
     * outcome.
     *
     * @return the name the kept copy has now (for keep-both), or the file's name
     */
    public CompletableFuture<String> resolveConflict(String copyName, ConflictChoice choice) {
        CompletableFuture<String> done = new CompletableFuture<>();
        schedule.run(() -> {
            try {
                String kept = conflictActions.resolve(copyName, choice);
                scan();
                schedule.run(() -> done.complete(kept)); // after that scan: the outcome is recorded by then
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Completes once everything asked of the folder before this call has run (tests wait on it). */
    CompletableFuture<Void> idle() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        schedule.run(() -> done.complete(null));
        return done;
    }

    /** Old versions of this folder's files that peers' changes replaced or deleted. */
    public VersionStore versions() {
        return versions;
    }

    @Override
    public void close() {
        remote.close();
        schedule.close();
        contentPulls.close();
    }

    // ---- steps, on the folder's thread ----

    private void scanStep(Set<String> paths) {
        if (paused) {
            return; // a resume scans everything anyway
        }
        // New ignore rules can change what every path means; many paths cost about as much as a full walk.
        boolean whole = paths.isEmpty() || paths.contains(IgnoreMatcher.FILE) || paths.size() > MAX_PARTIAL_PATHS;
        state = FolderState.SCANNING;
        try {
            if (whole) {
                ignores = IgnoreMatcher.load(folder.path());
            }
            var result = whole ? scanner.scan(folder, ignores) : scanner.scan(folder, ignores, paths);
            result.errors().forEach(e -> errors.put(e.name(), e.message()));
            state = FolderState.IDLE;
            if (result.changed() > 0) {
                localChanged.run();
            }
            // Peers' records were pulled as they arrived; a pass over all of them is only worth it when local
            // changes may have unblocked or conflicted with one, or something failed before.
            updateLocalCopies(); // before a pull replaces what this scan found changed
            if (result.changed() > 0 || !errors.isEmpty() || diskFull != null || firstScan) {
                firstScan = false;
                pull(remote.all(), new HashMap<>(index.localFiles(folder)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("scan of {} failed: {}", folder.folderId(), e.getMessage());
            errors.put("", e.getMessage());
            state = FolderState.ERROR;
        }
    }

    private void pull(Map<DeviceId, Collection<FileRecord>> candidates, Map<String, FileRecord> local) {
        if (state == FolderState.ERROR || paused || !mode.appliesPeerChanges()) {
            return; // a send-only folder records and counts peers' changes but does not apply them
        }
        state = FolderState.SYNCING;
        remote.pulling(true);
        boolean changed;
        try {
            changed = pullPass.run(candidates, local, mode, ignores);
        } finally {
            remote.pulling(false);
        }
        noteDiskSpace(pullPass.diskFull());
        if (changed) {
            updateLocalCopies();
        }
        if (pullPass.takeFailed() > 0 && diskFull == null) {
            schedule.pullAllLater(failedRetrySeconds);
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

    /** With the folder's versioning of local changes on, keeps the copies those versions come from current. */
    private void updateLocalCopies() {
        try {
            localCopies.update(versions.policy().localChanges());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: keeping copies for versions of local changes failed: {}", folder.folderId(), e.getMessage());
        }
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
        schedule.pullAllLater(DISK_RETRY_SECONDS);
    }
}
