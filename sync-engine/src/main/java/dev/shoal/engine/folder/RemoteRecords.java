package dev.shoal.engine.folder;

import dev.shoal.engine.pull.NeedPlanner;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers' records of one folder: stored in arrival order on a thread of their own (so a long pull does not hold
 * them back, and that pull can fetch from a device whose records just arrived), then held for the next pull of
 * what arrived, up to a limit beyond which that pull reads them from the index.
 */
final class RemoteRecords implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteRecords.class);
    /** Up to this many received records, their local counterparts are looked up by name, not all loaded. */
    private static final int LOOKUP_LIMIT = 5_000;

    /** What arrived since the last pull of it: everything (too much to hold), or these records. */
    record Arrived(boolean everything, Map<DeviceId, Collection<FileRecord>> records, Map<String, FileRecord> local) {}

    private final Folder folder;
    private final Index index;
    private final FolderSchedule schedule;
    private final ExecutorService writer;
    private final PendingPulls pending;
    /** A pull pass is running on the folder's thread (its records reach the index in batches). */
    private volatile boolean pullInFlight;

    /** Devices this folder is shared with; their records take part in pulls. */
    private final Set<DeviceId> peers = ConcurrentHashMap.newKeySet();

    /** @param held peers' records held in memory for the next pull at most */
    RemoteRecords(Folder folder, Index index, FolderSchedule schedule, int held) {
        this.pending = new PendingPulls(held);
        this.folder = folder;
        this.index = index;
        this.schedule = schedule;
        this.writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "records-" + folder.folderId()));
    }

    void addPeer(DeviceId device) {
        peers.add(device);
    }

    /**
     * The folder is no longer shared with {@code device}: its records take no part in pulls from now on and are
     * deleted (after any of its records still being stored, on the same writer).
     */
    void removePeer(DeviceId device) {
        if (!peers.remove(device)) {
            return;
        }
        try {
            writer.execute(() -> index.write(w -> {
                w.dropRemote(folder, w.deviceKey(device.hash()));
                return null;
            }));
        } catch (RejectedExecutionException closed) {
            // closing: the records go when the folder is opened without this device
        }
    }

    /** Every known peer's records of the folder. */
    Map<DeviceId, Collection<FileRecord>> all() {
        Map<DeviceId, Collection<FileRecord>> all = new LinkedHashMap<>();
        for (DeviceId device : peers) {
            all.put(device, index.remoteFiles(folder, device.hash()).values());
        }
        return all;
    }

    /** Stores {@code records} from {@code device}, tells {@code stored}, and asks for a pull of what is newer. */
    void arrived(DeviceId device, Collection<FileRecord> records, Runnable stored) {
        Runnable store = () -> {
            try {
                LOG.debug("{}: {} records from {}", folder.folderId(), records.size(), device.shortString());
                index.write(w -> {
                    int key = w.deviceKey(device.hash());
                    long max = index.remoteMaxSequence(folder, device.hash());
                    for (FileRecord r : records) {
                        w.putRemote(folder, key, r);
                        max = Math.max(max, r.sequence());
                    }
                    w.setRemoteIndex(folder, key, index.remoteIndexId(folder, device.hash()), max);
                    return null;
                });
            } finally {
                stored.run();
            }
            // Only what just arrived can have become newer: no need to walk every record of the folder. Of that,
            // what this device already has needs no pull either: a hub hears its own files back from every peer
            // that pulled them, and holding those for a pull only filled the pending pulls.
            Map<String, FileRecord> local = localFor(records);
            boolean racing = pullInFlight;
            List<FileRecord> wanted = records.stream()
                    .filter(r -> NeedPlanner.plan(local.get(r.name()), r) != NeedPlanner.Action.NONE
                            // a deletion of a name this device has no record of yet may be of a file a pull is
                            // writing right now, whose record is not committed yet: the pull after it decides
                            || (racing && r.deleted() && !local.containsKey(r.name())))
                    .toList();
            if (!wanted.isEmpty() && pending.add(device, wanted)) {
                schedule.pullArrived();
            }
        };
        try {
            writer.execute(new Storing(store, stored));
        } catch (RejectedExecutionException e) {
            stored.run(); // closed: nothing will be stored, and the sender must not wait for it
        }
    }

    /** The folder's thread starts or ends a pull pass. */
    void pulling(boolean inFlight) {
        pullInFlight = inFlight;
    }

    /** A peer's index id; a different one than stored resets what this device claims to hold of it. */
    void indexId(DeviceId device, long indexId) {
        try {
            writer.execute(
                    () -> { // in order with the records that follow it
                        long known = index.remoteIndexId(folder, device.hash());
                        if (known == indexId) {
                            return;
                        }
                        if (known != 0) {
                            LOG.info(
                                    "{}: {} reset its index; asking it for all its records again",
                                    folder.folderId(),
                                    device.shortString());
                        }
                        index.write(w -> {
                            w.setRemoteIndex(folder, w.deviceKey(device.hash()), indexId, 0);
                            return null;
                        });
                    });
        } catch (RejectedExecutionException closed) {
            // the next start hears it again
        }
    }

    /** What arrived since the last call, with this device's records of those names. */
    Arrived takeArrived() {
        PendingPulls.Work work = pending.take();
        if (work.all()) {
            return new Arrived(true, Map.of(), Map.of());
        }
        return new Arrived(false, work.records(), work.records().isEmpty() ? Map.of() : localFor(work.flat()));
    }

    /** This device's records of the names in {@code records}, looked up one by one when that is cheaper. */
    private Map<String, FileRecord> localFor(Collection<FileRecord> records) {
        if (records.size() > LOOKUP_LIMIT) {
            return new HashMap<>(index.localFiles(folder));
        }
        Map<String, FileRecord> local = new HashMap<>();
        for (FileRecord r : records) {
            index.localFile(folder, r.name()).ifPresent(l -> local.put(l.name(), l));
        }
        return local;
    }

    @Override
    public void close() {
        for (Runnable never : writer.shutdownNow()) {
            if (never instanceof Storing s) {
                s.dropped().run();
            }
        }
    }

    /** A batch of records to store, and what to tell if it never runs because the folder closed. */
    private record Storing(Runnable store, Runnable dropped) implements Runnable {
        @Override
        public void run() {
            store.run();
        }
    }
}
