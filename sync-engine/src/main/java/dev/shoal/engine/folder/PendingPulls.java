package dev.shoal.engine.folder;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peers' records waiting for the folder's actor to pull them. While one pull runs (a large file can take
 * minutes), every batch of records that arrives is merged here, the newest record per device and name winning,
 * and the actor takes them all in one pull when it is free. One queued task per batch would keep every record of
 * a big folder in memory at once; here at most {@code limit} are held, and past that none: the next pull then
 * reads every peer's records from the index, where they were stored on arrival.
 */
final class PendingPulls {
    /** What the actor pulls next: everything the peers have ({@code all}), or just {@code records}. */
    record Work(boolean all, Map<DeviceId, Collection<FileRecord>> records) {
        List<FileRecord> flat() {
            List<FileRecord> out = new ArrayList<>();
            records.values().forEach(out::addAll);
            return out;
        }
    }

    private final int limit;
    private Map<DeviceId, Map<String, FileRecord>> byDevice = new LinkedHashMap<>();
    private int held;
    private boolean all;
    private boolean scheduled;

    PendingPulls(int limit) {
        this.limit = limit;
    }

    /**
     * Adds records that just arrived from {@code device}.
     *
     * @return whether the caller must schedule {@link #take} on the actor (none is scheduled yet)
     */
    synchronized boolean add(DeviceId device, Collection<FileRecord> records) {
        if (!all) {
            Map<String, FileRecord> mine = byDevice.computeIfAbsent(device, d -> new LinkedHashMap<>());
            for (FileRecord r : records) {
                if (mine.put(r.name(), r) == null) {
                    held++;
                }
            }
            if (held > limit) {
                byDevice = new LinkedHashMap<>();
                held = 0;
                all = true;
            }
        }
        boolean schedule = !scheduled;
        scheduled = true;
        return schedule;
    }

    /** Takes everything waiting; records added from now on need a new {@link #take}. */
    synchronized Work take() {
        Map<DeviceId, Collection<FileRecord>> records = new LinkedHashMap<>();
        byDevice.forEach((device, byName) -> records.put(device, byName.values()));
        Work work = new Work(all, records);
        byDevice = new LinkedHashMap<>();
        held = 0;
        all = false;
        scheduled = false;
        return work;
    }
}
