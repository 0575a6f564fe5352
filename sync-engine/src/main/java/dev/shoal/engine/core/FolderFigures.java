package dev.shoal.engine.core;

import dev.shoal.engine.api.ConflictInfo;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.api.FolderState;
import dev.shoal.engine.api.FolderStatus;
import dev.shoal.engine.folder.FolderRunner;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Index;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What status displays show of a folder: counts, completion per peer and conflicts. Counting walks every record,
 * and status is polled (a desktop window every second, scripts in loops, on folders of 100,000 files shared with
 * 20 devices), so counts are kept until the index changes, and while it changes are reused for a while that grows
 * with what the last count cost: polling never spends more than about a tenth of a core on counting. State and
 * errors always come fresh from the runner.
 */
final class FolderFigures {
    /** While a folder syncs, counts this young are reused even though the index has changed since. */
    private static final long BUSY_REFRESH_NANOS = 250_000_000L;

    /** Counts are reused for this many times what they cost to make, whatever the folder is doing. */
    private static final int COST_FACTOR = 10;

    private final Index index;
    private final Map<String, CachedStatus> statusCache = new ConcurrentHashMap<>();
    private final Map<String, CachedConflicts> conflictCache = new ConcurrentHashMap<>();

    FolderFigures(Index index) {
        this.index = index;
    }

    /** Figures of one folder for status displays (see the class comment for how fresh the counts are). */
    FolderStatus status(FolderSpec spec, FolderRunner runner) {
        long generation = index.generation();
        CachedStatus c = statusCache.get(spec.id());
        FolderCounts.Counts counts;
        if (c != null && c.spec() == spec && (c.generation() == generation || c.fresh(runner.state()))) {
            counts = c.counts();
        } else {
            long started = System.nanoTime();
            counts = FolderCounts.count(index, runner.folder(), spec.sharedWith(), runner.ignores());
            long now = System.nanoTime();
            statusCache.put(spec.id(), new CachedStatus(spec, generation, now, now - started, counts));
        }
        return new FolderStatus(
                spec.id(),
                spec.path(),
                runner.state(),
                counts.needFiles(),
                counts.needBytes(),
                counts.localFiles(),
                counts.localBytes(),
                runner.errors(),
                counts.completion(),
                counts.peerNeedBytes());
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

    private record CachedStatus(
            FolderSpec spec, long generation, long countedAt, long costNanos, FolderCounts.Counts counts) {
        boolean fresh(FolderState state) {
            long window = Math.max(state == FolderState.IDLE ? 0 : BUSY_REFRESH_NANOS, COST_FACTOR * costNanos);
            return System.nanoTime() - countedAt < window;
        }
    }
}
