package dev.shoal.engine.api;

import dev.shoal.engine.spi.DeviceId;
import java.nio.file.Path;
import java.util.Map;

/**
 * A folder as a user sees it.
 *
 * @param needFiles files (and their bytes) a peer has newer than this device
 * @param completion per peer sharing the folder: percent of this device's bytes it has in the same or a newer
 *     version, as far as this device knows
 * @param peerNeedBytes per peer sharing the folder: bytes of this device's files it does not hold yet in the same
 *     or a newer version, as far as this device knows
 */
public record FolderStatus(
        String id,
        Path path,
        FolderState state,
        long needFiles,
        long needBytes,
        long localFiles,
        long localBytes,
        Map<String, String> errors,
        Map<DeviceId, Integer> completion,
        Map<DeviceId, Long> peerNeedBytes) {}
