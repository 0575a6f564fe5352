package dev.shoal.engine.api;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.store.index.Index;
import dev.shoal.store.versions.StoredVersion;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * What the window, the CLI and the daemon may ask of the engine: one runner per folder, and for each connected peer
 * the exchange that keeps indexes in step. Chunks are requested on data lanes and served only for folders shared
 * with the requester. Obtain one with {@link #create}; the implementation stays inside the engine.
 */
public interface SyncEngine extends AutoCloseable {

    /** What builds the engine; the engine module registers its own as a service, so the API names no internals. */
    interface Provider {
        SyncEngine create(
                DeviceId self, Index index, List<FolderSpec> folders, ForkJoinPool hashPool, EngineSettings settings);
    }

    /** An engine for device {@code self} over {@code index}, with these folders; call {@link #start}. */
    static SyncEngine create(DeviceId self, Index index, List<FolderSpec> folders, ForkJoinPool hashPool) {
        return create(self, index, folders, hashPool, EngineSettings.DEFAULT);
    }

    /** As {@link #create(DeviceId, Index, List, ForkJoinPool)}, tuned. */
    static SyncEngine create(
            DeviceId self, Index index, List<FolderSpec> folders, ForkJoinPool hashPool, EngineSettings settings) {
        Provider provider = ServiceLoader.load(Provider.class, SyncEngine.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the sync engine is not on the class path"));
        return provider.create(self, index, folders, hashPool, settings);
    }

    /** Opens every folder and scans it; peers are served once their connections are handed in. */
    void start();

    /**
     * Adds a folder, or shares an existing one with more devices, while running: connected peers of the share hear
     * of it at once and records start flowing both ways. (Unsharing and moving need a restart.)
     */
    void putFolder(FolderSpec spec);

    /**
     * Stops syncing a folder: no scans or pulls, nothing served from it, peers' records of it no longer taken.
     * Its files stay on disk.
     */
    void removeFolder(String folderId);

    FolderState state(String folderId);

    Map<String, String> errors(String folderId);

    /** Asks a folder to rescan only these paths and what lies below them; false when there is no such folder. */
    boolean rescan(String folderId, Collection<String> paths);

    /** Asks a folder to rescan; false when there is no such folder. */
    boolean rescan(String folderId);

    Optional<FolderSpec> spec(String folderId);

    List<String> folderIds();

    /** Figures of one folder for status displays; counts may be up to a quarter second old while it is busy. */
    FolderStatus status(String folderId);

    /** Old versions of a folder's files that peers' changes replaced or deleted, oldest first per name. */
    List<StoredVersion> versions(String folderId) throws IOException;

    /**
     * Puts an old version back under its name (the newest one, or the one archived at {@code archivedAt}); a file
     * now at that name becomes a version itself. The folder is rescanned, so the restored file syncs.
     */
    StoredVersion restore(String folderId, String name, LocalDateTime archivedAt) throws IOException;

    /** Send-only folder: makes this device's versions win over peers' differing ones, so they take ours. */
    void overrideRemote(String folderId);

    /** Receive-only folder: undoes local changes (kept as versions) and takes the peers' versions again. */
    void revertLocal(String folderId);

    /** Deletes stored versions older than {@code retention} in every folder. */
    void pruneVersions(Duration retention);

    /** Applies each folder's versioning policy to the versions it keeps (the daemon runs it hourly). */
    void cleanVersions();

    /** Applies one folder's versioning to its kept versions now; how many versions went. */
    int cleanVersions(String folderId) throws IOException;

    /** File changes made because of other devices, newest first, and a way to hear of new ones. */
    ActivityLog activity();

    /** Folders paired devices offer that are not set up here (accept by adding the folder). */
    List<FolderOffer> folderOffers();

    void declineOffer(String folderId, DeviceId from);

    /**
     * Settles a conflict as the user chose; the outcome syncs like any edit.
     *
     * @return the name the kept copy has now (keep both), or the file's name
     */
    CompletableFuture<String> resolveConflict(String folderId, String copyName, ConflictChoice choice);

    /** Files of a folder that have conflict copies beside them, with both versions. */
    List<ConflictInfo> conflicts(String folderId);

    /** A connection to a paired device (incoming or outgoing). */
    void connected(PeerConnection connection);

    /**
     * Caps uploads and downloads of chunk data, in bytes per second (0: no cap); devices on the local network are
     * exempt unless {@code lan}.
     */
    void setRateLimits(long sendBytesPerSecond, long receiveBytesPerSecond, boolean lan);

    /** Bytes of chunks this device served to {@code peer} and fetched from it, since start. */
    long[] chunkTraffic(DeviceId peer);

    @Override
    void close();
}
