package dev.shoal.engine.folder;

import dev.shoal.engine.ignore.IgnoreMatcher;
import dev.shoal.engine.pull.NeedPlanner;
import dev.shoal.engine.pull.PlatformNames;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One pass that makes a folder match its peers' newer records: per peer, directories and links first (parents
 * before children), then file contents many at once, then deletions (children before parents). Names this file
 * system cannot hold, and ignored ones, are skipped; each problem is a per-file error. Folder thread only.
 */
final class PullPass {
    private final Folder folder;
    private final RecordApplier applier;
    private final ContentPulls contents;
    private final Map<String, String> errors;

    PullPass(Folder folder, RecordApplier applier, ContentPulls contents, Map<String, String> errors) {
        this.folder = folder;
        this.applier = applier;
        this.contents = contents;
        this.errors = errors;
    }

    /**
     * Applies the peers' {@code candidates} to the folder whose own records are {@code local} (updated as it goes).
     *
     * @return whether any local record changed
     */
    boolean run(
            Map<DeviceId, Collection<FileRecord>> candidates,
            Map<String, FileRecord> local,
            FolderMode mode,
            IgnoreMatcher ignores) {
        boolean changed = false;
        PlatformNames platform = PlatformNames.forFolder(folder.path()); // the disk may have changed (remounted)
        PlatformNames.Checker names = platform.checker(local.values().stream()
                .filter(l -> !l.deleted())
                .map(FileRecord::name)
                .toList());
        for (Map.Entry<DeviceId, Collection<FileRecord>> peer : candidates.entrySet()) {
            List<FileRecord> wanted = new ArrayList<>(peer.getValue());
            wanted.sort(Comparator.comparing(FileRecord::name));
            List<FileRecord> files = new ArrayList<>();
            wanted.removeIf(
                    r -> ignores.ignored(r.name(), r.type() == FileType.DIRECTORY) || !writableHere(r, local, names));
            for (FileRecord remote : wanted) {
                if (remote.deleted()) {
                    continue;
                }
                if (remote.type() == FileType.FILE
                        && NeedPlanner.plan(local.get(remote.name()), remote) == NeedPlanner.Action.PULL) {
                    files.add(remote);
                } else {
                    changed |= applier.apply(peer.getKey(), local, remote, mode, ignores);
                }
            }
            changed |= contents.run(peer.getKey(), local, files);
            for (FileRecord remote : wanted.reversed()) {
                if (remote.deleted()) {
                    changed |= applier.apply(peer.getKey(), local, remote, mode, ignores);
                }
            }
        }
        return changed;
    }

    /** How many files failed to arrive since the last call. */
    int takeFailed() {
        return contents.takeFailed();
    }

    /** Why pulls stopped for lack of disk space in the last pass, or null. */
    String diskFull() {
        return contents.diskFull();
    }

    /**
     * Whether this file system can hold the entry under its name; if not, it becomes a per-file error (nothing is
     * written, the rest of the folder syncs). Deletions always pass: removing is never harmful to a name.
     */
    private boolean writableHere(FileRecord remote, Map<String, FileRecord> local, PlatformNames.Checker names) {
        if (remote.deleted() || local.containsKey(remote.name())) {
            return true;
        }
        var problem = names.problem(remote.name());
        problem.ifPresent(p -> errors.put(remote.name(), p));
        return problem.isEmpty();
    }
}
