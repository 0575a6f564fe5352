package dev.shoal.engine.folder;

import dev.shoal.engine.protocol.SafePaths;
import dev.shoal.engine.protocol.UnsafeNameException;
import dev.shoal.engine.pull.NeedPlanner;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.index.VersionVector;
import dev.shoal.store.versions.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The two actions that settle a one-way folder: "override remote" (send-only: this device's state wins
 * everywhere) and "revert local changes" (receive-only: the peers' state wins here). Both work on records
 * only; the usual sync then moves the files, and nothing is deleted that is not first kept as a version.
 */
final class TypeActions {
    private final Folder folder;
    private final Index index;
    private final VersionStore versions;
    private final long self;

    TypeActions(Folder folder, Index index, VersionStore versions, long self) {
        this.folder = folder;
        this.index = index;
        this.versions = versions;
        this.self = self;
    }

    /**
     * Gives every entry where a peer differs a version of ours that dominates theirs: peers then take our
     * content, and delete what we do not have.
     */
    boolean override(Map<String, FileRecord> local, Collection<FileRecord> remote) {
        List<FileRecord> mine = new ArrayList<>();
        for (FileRecord r : remote) {
            FileRecord l = local.get(r.name());
            NeedPlanner.Action a = NeedPlanner.plan(l, r);
            if (a == NeedPlanner.Action.NONE || a == NeedPlanner.Action.ADOPT) {
                continue; // the same entry: nothing to override
            }
            if (l == null) {
                mine.add(r.deletedBy(self)); // theirs only: it goes
            } else {
                mine.add(l.withVersion(l.version().merge(r.version()).bump(self), self));
            }
        }
        return store(mine, local);
    }

    /**
     * Moves every locally changed entry aside (into versions) and forgets its local version, so the peers'
     * version is pulled again; an entry only this device has is removed the same way.
     */
    boolean revert(Map<String, FileRecord> local) throws IOException {
        List<FileRecord> reset = new ArrayList<>();
        for (FileRecord l : local.values()) {
            if (l.modifiedBy() != self || (l.deleted() && l.version().isEmpty())) {
                continue;
            }
            if (!l.deleted() && l.type() == FileType.FILE) {
                try {
                    Path p = SafePaths.resolve(folder.path(), l.name());
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        versions.archive(l.name());
                    }
                } catch (UnsafeNameException e) {
                    continue;
                }
            }
            // An empty version loses to any peer's: their version comes back with the next pull.
            FileRecord gone = l.deleted() ? l : l.deletedBy(self);
            reset.add(gone.withVersion(VersionVector.EMPTY, self));
        }
        return store(reset, local);
    }

    private boolean store(List<FileRecord> records, Map<String, FileRecord> local) {
        if (records.isEmpty()) {
            return false;
        }
        List<FileRecord> stored = index.write(w -> {
            List<FileRecord> out = new ArrayList<>();
            for (FileRecord r : records) {
                out.add(w.putLocal(folder, r));
            }
            return out;
        });
        stored.forEach(r -> local.put(r.name(), r));
        return true;
    }
}
