package dev.shoal.engine.api;

import dev.shoal.engine.protocol.DeviceId;
import java.nio.file.Path;
import java.util.Set;

/** A folder the engine keeps in sync, and the devices it is shared with. */
public record FolderSpec(String id, Path path, Set<DeviceId> sharedWith) {
    public FolderSpec {
        sharedWith = Set.copyOf(sharedWith);
    }
}
