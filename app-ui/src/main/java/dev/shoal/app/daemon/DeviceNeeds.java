package dev.shoal.app.daemon;

import dev.shoal.engine.api.SyncEngine;
import dev.shoal.engine.spi.DeviceId;

/** What a paired device still lacks of this device's data, over every folder both share. */
public final class DeviceNeeds {
    private DeviceNeeds() {}

    /** Bytes of this device's files the device does not hold yet, as far as this device knows. */
    public static long bytes(SyncEngine engine, DeviceId device) {
        long sum = 0;
        for (String id : engine.folderIds()) {
            Long need = engine.status(id).peerNeedBytes().get(device);
            sum += need == null ? 0 : need;
        }
        return sum;
    }
}
