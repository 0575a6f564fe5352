package dev.shoal.app.daemon;

import dev.shoal.engine.api.Activity;
import dev.shoal.engine.api.FolderOffer;
import dev.shoal.engine.api.SyncEngine;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns what the daemon sees into {@link EventLog} events: connections, file changes from peers, folder states
 * and errors, devices asking to pair, folder offers, config changes. Folder states, errors and offers are
 * polled (twice a second) and published when they change.
 */
final class EventSources {
    private final EventLog log;
    private final SyncEngine engine;
    private final Map<String, String> states = new HashMap<>();
    private final Map<String, Integer> errors = new HashMap<>();
    private Set<FolderOffer> offers = Set.of();
    private final Set<DeviceId> pending = new HashSet<>();

    EventSources(EventLog log, SyncEngine engine) {
        this.log = log;
        this.engine = engine;
    }

    void connected(PeerConnection c, PeerPaths paths) {
        log.publish(
                "DeviceConnected",
                Map.of(
                        "device", c.device().toString(),
                        "name", c.deviceName(),
                        "address", paths.address(c),
                        "path", paths.path(c),
                        "transport", c.transport()));
    }

    void disconnected(DeviceId device, String reason) {
        log.publish("DeviceDisconnected", Map.of("device", device.toString(), "reason", reason));
    }

    synchronized void activity(Activity a) {
        // A file changed because of a peer, so the folder was syncing, even if it began and ended between polls.
        String before = states.put(a.folder(), "syncing");
        if (!"syncing".equals(before)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("folder", a.folder());
            data.put("from", before == null ? "" : before);
            data.put("to", "syncing");
            log.publish("FolderStateChanged", data);
        }
        String type =
                switch (a.kind()) {
                    case SYNCED -> "FilePulled";
                    case DELETED -> "FileDeleted";
                    case CONFLICT -> "FileConflicted";
                };
        log.publish(type, Map.of("folder", a.folder(), "name", a.name(), "device", a.device(), "bytes", a.bytes()));
    }

    synchronized void pendingDevice(DeviceId device, String name, InetSocketAddress address) {
        if (pending.add(device)) {
            log.publish(
                    "PendingDevice",
                    Map.of(
                            "device",
                            device.toString(),
                            "name",
                            name,
                            "address",
                            address.getAddress().getHostAddress() + ":" + address.getPort()));
        }
    }

    synchronized void paired(DeviceId device) {
        pending.remove(device);
    }

    void configChanged(java.util.List<String> applied) {
        log.publish("ConfigChanged", Map.of("applied", java.util.List.copyOf(applied)));
    }

    /** Publishes folder state, error and offer changes since the last call; never throws (a timer runs it). */
    synchronized void poll() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(EventSources.class).warn("events: {}", e.toString());
        }
    }

    private void pollOnce() {
        for (String id : engine.folderIds()) {
            try {
                folder(id);
            } catch (RuntimeException removedMeanwhile) {
                // the folder went between listing and reading it: nothing to tell
            }
        }
        states.keySet().retainAll(engine.folderIds());
        Set<FolderOffer> nowOffered = Set.copyOf(engine.folderOffers());
        for (FolderOffer o : nowOffered) {
            if (!offers.contains(o)) {
                log.publish(
                        "FolderOffered",
                        Map.of(
                                "folder",
                                o.folderId(),
                                "label",
                                o.label(),
                                "device",
                                o.from().toString()));
            }
        }
        offers = nowOffered;
    }

    /** A folder's state and errors: published when they changed since the last poll. */
    private void folder(String id) {
        String state = engine.state(id).name().toLowerCase(java.util.Locale.ROOT);
        String before = states.put(id, state);
        if (!state.equals(before)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("folder", id);
            data.put("from", before == null ? "" : before);
            data.put("to", state);
            log.publish("FolderStateChanged", data);
        }
        Map<String, String> now = engine.errors(id);
        Integer had = errors.put(id, now.size());
        if (!now.isEmpty() && (had == null || had != now.size())) {
            Map.Entry<String, String> first = now.entrySet().iterator().next();
            log.publish(
                    "FolderErrors",
                    Map.of("folder", id, "count", now.size(), "name", first.getKey(), "error", first.getValue()));
        }
    }
}
