package dev.shoal.engine.core;

import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.folder.FolderRunner;
import dev.shoal.engine.spi.DeviceId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The engine's folders: each one's settings and, once opened, its runner. Safe from any thread. */
final class Folders {
    private final Map<String, FolderSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, FolderRunner> runners = new ConcurrentHashMap<>();

    /** The folder's settings, or null if there is no such folder. */
    FolderSpec spec(String folderId) {
        return specs.get(folderId);
    }

    /** The folder's runner, or null if it is not open. */
    FolderRunner runner(String folderId) {
        return runners.get(folderId);
    }

    /** Whether the folder exists and is shared with {@code device}. */
    boolean sharedWith(String folderId, DeviceId device) {
        FolderSpec spec = specs.get(folderId);
        return spec != null && spec.sharedWith().contains(device);
    }

    Collection<FolderSpec> specs() {
        return specs.values();
    }

    Collection<FolderRunner> runners() {
        return runners.values();
    }

    List<String> ids() {
        return specs.keySet().stream().sorted().toList();
    }

    /** Sets a folder's settings; returns the previous ones, or null. */
    FolderSpec put(FolderSpec spec) {
        return specs.put(spec.id(), spec);
    }

    void opened(String folderId, FolderRunner runner) {
        runners.put(folderId, runner);
    }

    /** Forgets a folder; returns its runner (to close), or null. */
    FolderRunner remove(String folderId) {
        specs.remove(folderId);
        return runners.remove(folderId);
    }
}
