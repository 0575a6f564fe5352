package dev.shoal.app.daemon;

import dev.shoal.engine.api.PeerText;
import dev.shoal.engine.spi.DeviceId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unpaired devices that tried to connect, for the user to accept or ignore. Anyone on the network can make
 * more of these (a fresh certificate each time), so the list keeps the newest {@link #MAX} and drops the oldest,
 * and names are cleaned of control characters and cut to {@link #MAX_NAME} characters before they are kept.
 */
final class PendingDevices {
    static final int MAX = 32;
    static final int MAX_NAME = 64;

    record Entry(String name, String address) {}

    private final LinkedHashMap<DeviceId, Entry> entries = new LinkedHashMap<>();

    synchronized void seen(DeviceId device, String name, String address) {
        entries.remove(device); // seen again: it becomes the newest
        entries.put(device, new Entry(PeerText.printable(name, MAX_NAME), address));
        while (entries.size() > MAX) {
            entries.pollFirstEntry();
        }
    }

    synchronized void remove(DeviceId device) {
        entries.remove(device);
    }

    /** Device to name, oldest first. */
    synchronized Map<DeviceId, String> names() {
        Map<DeviceId, String> out = new LinkedHashMap<>();
        entries.forEach((id, e) -> out.put(id, e.name()));
        return out;
    }

    synchronized String address(DeviceId device) {
        Entry e = entries.get(device);
        return e == null ? null : e.address();
    }
}
