package dev.shoal.engine.api;

import dev.shoal.engine.spi.DeviceId;
import java.nio.file.Path;
import java.util.Set;

/**
 * A folder the engine keeps in sync, the devices it is shared with, and how it takes part.
 *
 * @param paused neither scanned nor synced nor served until resumed
 */
public record FolderSpec(String id, Path path, Set<DeviceId> sharedWith, FolderType type, boolean paused) {
    public FolderSpec {
        sharedWith = Set.copyOf(sharedWith);
        type = type == null ? FolderType.SEND_RECEIVE : type;
    }

    public FolderSpec(String id, Path path, Set<DeviceId> sharedWith) {
        this(id, path, sharedWith, FolderType.SEND_RECEIVE, false);
    }

    public FolderSpec(String id, Path path, Set<DeviceId> sharedWith, FolderType type) {
        this(id, path, sharedWith, type, false);
    }
}
