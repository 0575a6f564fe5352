package dev.shoal.engine.core;

import dev.shoal.engine.api.EngineSettings;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.api.SyncEngine;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.Index;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/** Builds the engine for {@link SyncEngine#create}; registered in {@code META-INF/services}. */
public final class EngineProvider implements SyncEngine.Provider {
    @Override
    public SyncEngine create(
            DeviceId self, Index index, List<FolderSpec> folders, ForkJoinPool hashPool, EngineSettings settings) {
        return new Engine(self, index, folders, hashPool, settings);
    }
}
