package dev.shoal.engine.folder;

import dev.shoal.engine.api.FolderType;
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
import java.util.List;
import java.util.Map;

/**
 * Peers' changes come in and win every conflict; local changes stay here (peers do not hear of them), are flagged,
 * and "revert local changes" moves them into versions so the peers' state comes back. Nothing is deleted that is
 * not first kept as a version.
 */
public final class ReceiveOnly implements FolderMode {
    static final ReceiveOnly MODE = new ReceiveOnly();

    private ReceiveOnly() {}

    @Override
    public FolderType type() {
        return FolderType.RECEIVE_ONLY;
    }

    /** Here the peers' version always wins; the local change is kept as a version, not lost. */
    @Override
    public NeedPlanner.Action settle(NeedPlanner.Action planned, FileRecord remote) {
        if (planned != NeedPlanner.Action.CONFLICT) {
            return planned;
        }
        return remote.deleted() ? NeedPlanner.Action.DELETE : NeedPlanner.Action.PULL;
    }

    /** A local change in a receive-only folder stays here (flagged, revertible). */
    @Override
    public boolean announces(FileRecord local, long self) {
        return local.modifiedBy() != self;
    }

    /**
     * Moves every locally changed entry aside (into versions) and forgets its local version, so the peers' version
     * is pulled again; an entry only this device has is removed the same way. Returns whether local records changed.
     */
    boolean revert(Index index, Folder folder, VersionStore versions, long self, Map<String, FileRecord> local)
            throws IOException {
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
        return FolderMode.storeLocal(index, folder, reset, local);
    }
}
