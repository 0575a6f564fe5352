package dev.shoal.engine.folder;

import dev.shoal.engine.api.FolderType;
import dev.shoal.engine.pull.NeedPlanner;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Local changes go out; peers' changes are recorded (and counted as needed) but not applied here. "Override
 * remote" makes this device's state win everywhere; it works on records only, and the usual sync on the peers
 * then moves their files.
 */
public final class SendOnly implements FolderMode {
    static final SendOnly MODE = new SendOnly();

    private SendOnly() {}

    @Override
    public FolderType type() {
        return FolderType.SEND_ONLY;
    }

    @Override
    public boolean appliesPeerChanges() {
        return false;
    }

    /**
     * Gives every entry where a peer differs a version of ours that dominates theirs: peers then take our content,
     * and delete what we do not have. Returns whether local records changed.
     */
    boolean override(
            Index index, Folder folder, long self, Map<String, FileRecord> local, Collection<FileRecord> remote) {
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
        return FolderMode.storeLocal(index, folder, mine, local);
    }
}
