package dev.shoal.engine.api;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.versions.Versioning;
import java.nio.file.Path;
import java.util.Set;

/**
 * A folder the engine keeps in sync, the devices it is shared with, and how it takes part.
 *
 * @param paused neither scanned nor synced nor served until resumed
 * @param versioning what is kept of files other devices replace or delete
 */
public record FolderSpec(
        String id, Path path, Set<DeviceId> sharedWith, FolderType type, boolean paused, Versioning versioning) {
    public FolderSpec {
        sharedWith = Set.copyOf(sharedWith);
        type = type == null ? FolderType.SEND_RECEIVE : type;
        versioning = versioning == null ? Versioning.DEFAULT : versioning;
    }

    public FolderSpec(String id, Path path, Set<DeviceId> sharedWith, FolderType type, boolean paused) {
        this(id, path, sharedWith, type, paused, Versioning.DEFAULT);
    }

    public FolderSpec(String id, Path path, Set<DeviceId> sharedWith) {
        this(id, path, sharedWith, FolderType.SEND_RECEIVE, false);
    }

    public FolderSpec(String id, Path path, Set<DeviceId> sharedWith, FolderType type) {
        this(id, path, sharedWith, type, false);
    }
}
