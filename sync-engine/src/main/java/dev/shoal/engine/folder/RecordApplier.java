package dev.shoal.engine.folder;

import dev.shoal.engine.api.Activity;
import dev.shoal.engine.ignore.IgnoreMatcher;
import dev.shoal.engine.protocol.UnsafeNameException;
import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.pull.FilePuller;
import dev.shoal.engine.pull.NeedPlanner;
import dev.shoal.engine.pull.PullResult;
import dev.shoal.engine.pull.SourceFinder;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.versions.VersionStore;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings single entries to a peer's version for a folder runner, as its plan says (pull, delete, conflict). */
final class RecordApplier {
    private static final Logger LOG = LoggerFactory.getLogger(RecordApplier.class);

    private final Folder folder;
    private final Index index;
    private final ChunkReader localChunks;
    private final SourceFinder sources;
    private final VersionStore versions;
    private final ConflictResolver conflicts;
    private final RemoteDeletes deletes;
    private final Map<String, String> errors;
    private final Consumer<Activity> activity;
    /** Set when a conflict copy was written; the runner then rescans to record it. */
    boolean rescanWanted;

    RecordApplier(
            Folder folder,
            Index index,
            ChunkReader localChunks,
            SourceFinder sources,
            VersionStore versions,
            Map<String, String> errors,
            long self,
            Consumer<Activity> activity) {
        this.activity = activity;
        this.folder = folder;
        this.index = index;
        this.localChunks = localChunks;
        this.sources = sources;
        this.versions = versions;
        this.errors = errors;
        this.deletes = new RemoteDeletes(folder, index, versions);
        this.conflicts = new ConflictResolver(folder, index, localChunks, self);
    }

    /**
     * Applies one peer record that is not a content pull batch: a directory or symlink, a deletion, or a
     * conflict. Problems become per-file errors.
     *
     * @return whether the local record changed
     */
    boolean apply(
            DeviceId from, Map<String, FileRecord> local, FileRecord remote, FolderMode mode, IgnoreMatcher ignores) {
        FileRecord current = local.get(remote.name());
        NeedPlanner.Action action = mode.settle(NeedPlanner.plan(current, remote), remote);
        try {
            switch (action) {
                case NONE -> {
                    return false;
                }
                case ADOPT -> {
                    // Nothing on disk changes: the record takes both histories, so neither side sees a change.
                    FileRecord merged =
                            current.withVersion(current.version().merge(remote.version()), current.modifiedBy());
                    FileRecord stored = index.write(w -> w.putLocal(folder, merged));
                    local.put(stored.name(), stored);
                    errors.remove(remote.name());
                    return true;
                }
                case CONFLICT -> {
                    if (!conflicts.resolve(sources.forFile(from, remote), local, current, remote)) {
                        errors.put(
                                remote.name(),
                                "changed on this device and on " + from.shortString()
                                        + " at once, and one of them is not a file; left as it is");
                        return false;
                    }
                    rescanWanted = true; // a scan records the conflict copy
                }
                case DELETE -> {
                    if (!deletes.apply(current, remote, ignores)) {
                        return false;
                    }
                }
                case PULL -> {
                    ChunkSource source = sources.forFile(from, remote);
                    if (source == null && remote.type() == FileType.FILE && remote.size() > 0) {
                        return false; // not connected now; pulled when it is
                    }
                    PullResult result =
                            new FilePuller(index, localChunks, source, versions).pull(folder, current, remote);
                    LOG.debug(
                            "pulled {} from {}: {} bytes reused, {} fetched",
                            remote.name(),
                            from.shortString(),
                            result.reusedBytes(),
                            result.fetchedBytes());
                    FileRecord stored = index.write(w -> w.putLocal(folder, result.record()));
                    local.put(stored.name(), stored);
                }
            }
            errors.remove(remote.name());
            if (remote.type() != FileType.DIRECTORY) {
                Activity.Kind kind =
                        switch (action) {
                            case CONFLICT -> Activity.Kind.CONFLICT;
                            case DELETE -> Activity.Kind.DELETED;
                            default -> Activity.Kind.SYNCED;
                        };
                activity.accept(new Activity(
                        Instant.now(),
                        folder.folderId(),
                        remote.name(),
                        kind,
                        from.shortString(),
                        remote.deleted() ? 0 : remote.size()));
            }
            return true;
        } catch (UnsafeNameException e) {
            errors.put(remote.name(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            errors.put(remote.name(), e.getMessage());
        } catch (Error e) {
            // An Error (memory for one entry, say) fails this entry only; the folder goes on.
            LOG.warn("applying {} failed", remote.name(), e);
            errors.put(remote.name(), "failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
