package dev.shoal.engine.core;

import dev.shoal.engine.api.FolderIds;
import dev.shoal.engine.api.FolderOffer;
import dev.shoal.engine.spi.DeviceId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Folders paired devices share with this one that are not set up here, until accepted or declined. */
final class FolderOffers {
    private record Key(String folderId, DeviceId from) {}

    private final Map<Key, FolderOffer> offers = new ConcurrentHashMap<>();
    private final Set<Key> declined = ConcurrentHashMap.newKeySet();

    /** Most offers kept from one device; a peer offering thousands of folders fills nothing. */
    static final int MAX_PER_DEVICE = 64;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FolderOffers.class);

    void offered(String folderId, String label, DeviceId from) {
        if (!FolderIds.isValid(folderId)) {
            LOG.warn("ignoring an offer from {}: {}", from.shortString(), FolderIds.problem(folderId));
            return;
        }
        Key key = new Key(folderId, from);
        if (declined.contains(key)) {
            return;
        }
        if (!offers.containsKey(key)
                && offers.keySet().stream().filter(k -> k.from().equals(from)).count() >= MAX_PER_DEVICE) {
            LOG.warn("ignoring an offer from {}: it already offers {} folders", from.shortString(), MAX_PER_DEVICE);
            return;
        }
        offers.put(key, new FolderOffer(folderId, FolderIds.label(label, folderId), from));
    }

    /** The folder is set up and shared with {@code with} now: its offers from those devices are settled. */
    void accepted(String folderId, Set<DeviceId> with) {
        offers.keySet().removeIf(k -> k.folderId().equals(folderId) && with.contains(k.from()));
    }

    void decline(String folderId, DeviceId from) {
        Key key = new Key(folderId, from);
        declined.add(key);
        offers.remove(key);
    }

    List<FolderOffer> list() {
        return offers.values().stream()
                .sorted(Comparator.comparing(FolderOffer::folderId))
                .toList();
    }
}
