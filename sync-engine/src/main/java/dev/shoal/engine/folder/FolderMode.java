package dev.shoal.engine.folder;

import dev.shoal.engine.api.FolderType;
import dev.shoal.engine.pull.NeedPlanner;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a folder of one {@link FolderType} behaves where the types differ: whether peers' changes are applied, who
 * wins a conflict, which local records peers hear of. Each type's own action (override, revert) lives in its class.
 */
public sealed interface FolderMode permits SendReceive, SendOnly, ReceiveOnly {

    static FolderMode of(FolderType type) {
        return switch (type) {
            case SEND_RECEIVE -> SendReceive.MODE;
            case SEND_ONLY -> SendOnly.MODE;
            case RECEIVE_ONLY -> ReceiveOnly.MODE;
        };
    }

    FolderType type();

    /** Whether peers' changes are applied to this folder (otherwise they are recorded and counted as needed). */
    default boolean appliesPeerChanges() {
        return true;
    }

    /** What to do with a peer's record, given what the planner would do. */
    default NeedPlanner.Action settle(NeedPlanner.Action planned, FileRecord remote) {
        return planned;
    }

    /** Whether peers are told of this local record; {@code self} is this device's short id. */
    default boolean announces(FileRecord local, long self) {
        return true;
    }

    /** Stores {@code records} as this device's own and puts them into {@code local}; false if there were none. */
    static boolean storeLocal(Index index, Folder folder, List<FileRecord> records, Map<String, FileRecord> local) {
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
