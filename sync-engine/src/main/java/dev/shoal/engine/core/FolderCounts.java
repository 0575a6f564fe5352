package dev.shoal.engine.core;

import dev.shoal.engine.ignore.IgnoreMatcher;
import dev.shoal.engine.pull.NeedPlanner;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.index.VersionVector;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The counts a status display shows of a folder: what this device holds, what its peers have newer, and how much
 * of this device's data each peer holds. SQLite compares each peer's records with this device's; only those in
 * another version are read here, so a count of folders in sync costs no record objects and no map of the folder.
 */
final class FolderCounts {
    /**
     * @param needFiles entries (and the bytes of their newest versions) some peer has newer than this device
     * @param completion per peer: percent of this device's bytes it holds in the same or a newer version
     * @param peerNeedBytes per peer: bytes of this device's files it does not hold in the same or a newer version
     */
    record Counts(
            long needFiles,
            long needBytes,
            long localFiles,
            long localBytes,
            Map<DeviceId, Integer> completion,
            Map<DeviceId, Long> peerNeedBytes) {}

    private FolderCounts() {}

    static Counts count(Index index, Folder folder, Set<DeviceId> peers, IgnoreMatcher ignores) {
        Index.LocalTotals local = index.localTotals(folder);
        // A file several peers offer is needed once, in its newest version.
        Map<String, FileRecord> needed = new HashMap<>();
        Map<DeviceId, Integer> completion = new TreeMap<>();
        Map<DeviceId, Long> peerNeed = new TreeMap<>();
        for (DeviceId peer : peers) {
            long[] inSync = {index.bytesHeldAlike(folder, peer.hash())};
            // Records in the same version need nothing and were counted just above; these are the others. They come
            // without manifests, which only tell a conflict from the same content reached twice: both mean "nothing
            // to pull", so the planner's PULL answers are the same as with full records.
            index.forEachRemoteUnlikeLocal(folder, peer.hash(), (remote, mine) -> {
                if (mine != null
                        && !mine.deleted()
                        && mine.type() == FileType.FILE
                        && remote.version().compare(mine.version()) != VersionVector.Order.LESSER) {
                    inSync[0] += mine.size();
                }
                NeedPlanner.Action action = NeedPlanner.plan(mine, remote);
                // Without manifests a newer record cannot be told from one to adopt: count it as needed, as it
                // was until the adoption, which follows at once.
                boolean newer = action == NeedPlanner.Action.ADOPT
                        && remote.version().compare(mine.version()) == VersionVector.Order.GREATER;
                if ((action == NeedPlanner.Action.PULL || newer)
                        && !ignores.ignored(remote.name(), remote.type() == FileType.DIRECTORY)) {
                    needed.merge(remote.name(), remote, FolderCounts::newer);
                }
            });
            completion.put(peer, local.bytes() == 0 ? 100 : (int) Math.min(100, inSync[0] * 100 / local.bytes()));
            peerNeed.put(peer, Math.max(0, local.bytes() - inSync[0]));
        }
        long needBytes = needed.values().stream().mapToLong(FileRecord::size).sum();
        return new Counts(needed.size(), needBytes, local.files(), local.bytes(), completion, peerNeed);
    }

    private static FileRecord newer(FileRecord a, FileRecord b) {
        return b.version().compare(a.version()) == VersionVector.Order.GREATER ? b : a;
    }
}
