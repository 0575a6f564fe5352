package dev.shoal.engine.api;

import dev.shoal.engine.folder.FolderRunner;
import dev.shoal.engine.folder.FolderState;
import dev.shoal.engine.protocol.DeviceId;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What status displays show of a folder: counts, completion per peer and conflicts. Computing them walks every
 * record, so results are kept until the index changes (and, while a folder is busy, for at most
 * {@link #STATUS_REFRESH_NANOS}); state and errors always come fresh from the runner.
 */
final class FolderFigures {
    private static final long STATUS_REFRESH_NANOS = 250_000_000L;

    private final Index index;
    private final Map<String, CachedStatus> statusCache = new ConcurrentHashMap<>();
    private final Map<String, CachedConflicts> conflictCache = new ConcurrentHashMap<>();

    FolderFigures(Index index) {
        this.index = index;
    }

    /**
     * Figures of one folder for status displays. Counting walks every record, so the counts are reused while the
     * index has not changed, and at most {@link #STATUS_REFRESH_NANOS} old while the folder is busy; state and
     * errors are always current.
     */
    FolderStatus status(FolderSpec spec, FolderRunner runner) {
        String folderId = spec.id();
        long generation = index.generation();
        CachedStatus c = statusCache.get(folderId);
        boolean usable = c != null
                && c.spec() == spec
                && (c.generation() == generation
                        || (runner.state() != FolderState.IDLE && System.nanoTime() - c.at() < STATUS_REFRESH_NANOS));
        FolderStatus counted;
        if (usable) {
            counted = c.status();
        } else {
            counted = count(spec, runner);
            statusCache.put(folderId, new CachedStatus(spec, generation, System.nanoTime(), counted));
        }
        return new FolderStatus(
                counted.id(),
                counted.path(),
                runner.state(),
                counted.needFiles(),
                counted.needBytes(),
                counted.localFiles(),
                counted.localBytes(),
                runner.errors(),
                counted.completion());
    }

    /** Files of a folder that have conflict copies beside them, with both versions (cached until the index changes). */
    List<ConflictInfo> conflicts(String folderId, FolderRunner runner) {
        long generation = index.generation();
        CachedConflicts cached = conflictCache.get(folderId);
        if (cached != null && cached.generation() == generation) {
            return cached.list();
        }
        List<ConflictInfo> list = List.copyOf(findConflicts(folderId, runner));
        conflictCache.put(folderId, new CachedConflicts(generation, list));
        return list;
    }

    private record CachedConflicts(long generation, List<ConflictInfo> list) {}

    private List<ConflictInfo> findConflicts(String folderId, FolderRunner runner) {
        Map<String, FileRecord> local = index.localFiles(runner.folder());
        List<ConflictInfo> out = new ArrayList<>();
        for (FileRecord copy : local.values()) {
            if (copy.deleted() || !dev.shoal.engine.conflict.ConflictNames.isCopy(copy.name())) {
                continue;
            }
            String original = dev.shoal.engine.conflict.ConflictNames.original(copy.name())
                    .orElseThrow();
            FileRecord current = local.get(original);
            if (current == null || current.deleted()) {
                continue; // the original is gone: the copy is just a file now
            }
            String copyDevice =
                    dev.shoal.engine.conflict.ConflictNames.device(copy.name()).orElseThrow();
            out.add(new ConflictInfo(
                    folderId,
                    original,
                    copy.name(),
                    version(current, DeviceId.shortString(current.modifiedBy())),
                    version(copy, copyDevice)));
        }
        out.sort(java.util.Comparator.comparing(ConflictInfo::file).thenComparing(ConflictInfo::copyName));
        return out;
    }

    private static ConflictInfo.Version version(FileRecord r, String device) {
        return new ConflictInfo.Version(
                r.size(), java.time.Instant.ofEpochSecond(r.mtimeSeconds(), r.mtimeNanos()), device);
    }

    private static FileRecord newer(FileRecord a, FileRecord b) {
        return b.version().compare(a.version()) == dev.shoal.store.index.VersionVector.Order.GREATER ? b : a;
    }

    private record CachedStatus(FolderSpec spec, long generation, long at, FolderStatus status) {}

    private FolderStatus count(FolderSpec spec, FolderRunner runner) {
        String folderId = spec.id();
        Folder folder = runner.folder();
        Map<String, FileRecord> local = index.localFiles(folder);
        long localFiles = 0;
        long localBytes = 0;
        for (FileRecord r : local.values()) {
            if (!r.deleted() && r.type() == dev.shoal.store.index.FileType.FILE) {
                localFiles++;
                localBytes += r.size();
            }
        }
        // A file several peers offer is needed once, in its newest version.
        Map<String, FileRecord> needed = new java.util.HashMap<>();
        Map<DeviceId, Integer> completion = new java.util.TreeMap<>();
        for (DeviceId peer : spec.sharedWith()) {
            Map<String, FileRecord> theirs = index.remoteFiles(folder, peer.hash());
            long inSync = 0;
            for (FileRecord mine : local.values()) {
                FileRecord t = theirs.get(mine.name());
                if (!mine.deleted()
                        && mine.type() == dev.shoal.store.index.FileType.FILE
                        && t != null
                        && t.version().compare(mine.version()) != dev.shoal.store.index.VersionVector.Order.LESSER) {
                    inSync += mine.size();
                }
            }
            completion.put(peer, localBytes == 0 ? 100 : (int) Math.min(100, inSync * 100 / localBytes));
            for (FileRecord remote : theirs.values()) {
                if (runner.ignores()
                        .ignored(remote.name(), remote.type() == dev.shoal.store.index.FileType.DIRECTORY)) {
                    continue; // never pulled, so never needed
                }
                if (dev.shoal.engine.pull.NeedPlanner.plan(local.get(remote.name()), remote)
                        == dev.shoal.engine.pull.NeedPlanner.Action.PULL) {
                    needed.merge(remote.name(), remote, FolderFigures::newer);
                }
            }
        }
        long needFiles = needed.size();
        long needBytes = needed.values().stream().mapToLong(FileRecord::size).sum();
        return new FolderStatus(
                folderId,
                spec.path(),
                runner.state(),
                needFiles,
                needBytes,
                localFiles,
                localBytes,
                runner.errors(),
                completion);
    }
}
