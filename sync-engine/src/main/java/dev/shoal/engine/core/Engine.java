package dev.shoal.engine.core;

import dev.shoal.engine.api.ActivityLog;
import dev.shoal.engine.api.ConflictInfo;
import dev.shoal.engine.api.EngineSettings;
import dev.shoal.engine.api.FolderOffer;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.api.FolderState;
import dev.shoal.engine.api.FolderStatus;
import dev.shoal.engine.api.SyncEngine;
import dev.shoal.engine.folder.FolderRunner;
import dev.shoal.engine.limit.RateLimits;
import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.serve.ChunkServer;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.swarm.FileSources;
import dev.shoal.engine.swarm.PeerChunkSource;
import dev.shoal.engine.swarm.PeerProgress;
import dev.shoal.engine.swarm.Swarm;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.scan.Scanner;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator: one runner per folder, and for each connected peer the exchange that keeps indexes in step.
 *
 * <p>On connect each side sends a cluster config telling, per shared folder, the highest sequence of the other
 * device's records it already holds; the other side then sends only records newer than that (an index update),
 * and later every local change as it is committed. Chunks are requested on data streams and served only for
 * folders shared with the requester.
 */
final class Engine implements SyncEngine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final DeviceId self;
    private final Index index;
    private final Folders folders = new Folders();
    private final Peers peers = new Peers();

    private final ChunkReader reader;
    private final ChunkServer server;
    private final ForkJoinPool hashPool;
    private final Scanner scanner;
    private final FolderFigures figures;
    private final IndexExchange exchange;
    private final PeerSession.Context sessions;
    private final FolderOffers offers = new FolderOffers();
    private final ActivityLog activity = new ActivityLog();

    private final Swarm swarm = new Swarm();
    private final RateLimits limits = new RateLimits();
    private final PeerProgress progress = new PeerProgress();
    private final ProgressBroadcast broadcast;
    private final FileSources sources;
    /** Decodes peers' control messages, each peer's in order, off the transport's event loops. */
    private final ExecutorService decodePool;

    /**
     * Reads and checks the chunks peers ask for. Its own threads, not the hashing pool's: a scan of a large folder
     * must not keep peers waiting for chunks, nor serving hold up a scan.
     */
    private final ExecutorService servePool;

    private final EngineSettings settings;

    Engine(DeviceId self, Index index, List<FolderSpec> initial, ForkJoinPool hashPool, EngineSettings settings) {
        this.settings = settings;
        this.decodePool = pool(settings.decodeThreads(), "engine-decode");
        this.servePool = pool(settings.serveThreads(), "chunk-serve");
        this.self = self;
        this.index = index;
        this.hashPool = hashPool;
        this.scanner = new Scanner(index, new ChunkHasher(), hashPool, self.shortValue());
        this.figures = new FolderFigures(index);
        this.reader = new ChunkReader(index, folder -> {
            FolderRunner r = folders.runner(folder.folderId());
            if (r != null) {
                r.scan();
            }
        });
        this.server = new ChunkServer(index, reader, (folderId, device) -> {
            FolderSpec spec = folders.spec(folderId);
            return spec != null && !spec.paused() && spec.sharedWith().contains(device);
        });
        for (FolderSpec f : initial) {
            folders.put(f);
        }
        this.broadcast = new ProgressBroadcast(folders, peers, reader);
        this.sources = new FileSources(index, swarm, progress, this::chunkSource);
        this.exchange = new IndexExchange(self, index, folders, peers, offers);
        this.sessions = new PeerSession.Context(
                folders,
                exchange,
                progress,
                server,
                servePool,
                limits,
                decodePool,
                settings.recordsWaitingHigh(),
                settings.recordsWaitingLow());
    }

    /** Opens every folder and scans it; peers are served once their connections are handed in. */
    @Override
    public void start() {
        for (FolderSpec spec : folders.specs()) {
            open(spec);
        }
        broadcast.start();
    }

    private static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private void open(FolderSpec spec) {
        Folder folder = index.addFolder(spec.id(), spec.path());
        FolderRunner runner = new FolderRunner(
                folder,
                index,
                scanner,
                reader,
                sources.forFolder(folder, () -> folders.spec(spec.id()).sharedWith()),
                () -> exchange.sendUpdates(spec.id()),
                self.shortValue(),
                activity::add,
                settings);
        spec.sharedWith().forEach(runner::addPeer);
        runner.setType(spec.type());
        runner.setPaused(spec.paused());
        runner.versions().setPolicy(spec.versioning());
        folders.opened(spec.id(), runner);
        runner.scan();
    }

    /**
     * Adds a folder, or changes an existing one's devices, type or pause while running: connected peers of a new
     * share hear of it at once and records start flowing both ways; a device it is no longer shared with is
     * served nothing more from it at once (every request is checked against the settings) and its records of
     * it are forgotten. (Moving needs a restart.)
     */
    @Override
    public synchronized void putFolder(FolderSpec spec) {
        FolderSpec old = folders.spec(spec.id());
        if (old != null && !old.path().equals(spec.path())) {
            throw new IllegalArgumentException("folder '" + spec.id() + "' moved; restart to apply that");
        }
        folders.put(spec);
        offers.accepted(spec.id(), spec.sharedWith());
        if (old == null) {
            open(spec);
        } else {
            old.sharedWith().stream()
                    .filter(d -> !spec.sharedWith().contains(d))
                    .forEach(folders.runner(spec.id())::removePeer);
            spec.sharedWith().forEach(folders.runner(spec.id())::addPeer);
            folders.runner(spec.id()).setType(spec.type());
            folders.runner(spec.id()).setPaused(spec.paused());
            folders.runner(spec.id()).versions().setPolicy(spec.versioning());
            if (old.versioning().localChanges() != spec.versioning().localChanges()) {
                folders.runner(spec.id()).scan(); // the scan after it makes (or drops) the copies those versions need
            }
        }
        for (DeviceId peer : spec.sharedWith()) {
            if (old != null && old.sharedWith().contains(peer)) {
                continue;
            }
            PeerConnection c = peers.get(peer);
            if (c == null) {
                continue; // it learns of the folder when it connects
            }
            exchange.shared(spec.id(), c);
        }
    }

    @Override
    public synchronized void removeFolder(String folderId) {
        FolderRunner runner = folders.remove(folderId);
        if (runner != null) {
            runner.close(); // its files stay; its index rows too, so adding it again finds them unchanged
        }
    }

    @Override
    public FolderState state(String folderId) {
        return folders.runner(folderId).state();
    }

    @Override
    public Map<String, String> errors(String folderId) {
        return folders.runner(folderId).errors();
    }

    /** Asks a folder to rescan only these paths and what lies below them; false when there is no such folder. */
    @Override
    public boolean rescan(String folderId, java.util.Collection<String> paths) {
        FolderRunner r = folders.runner(folderId);
        if (r == null) {
            return false;
        }
        r.scan(paths);
        return true;
    }

    /** Asks a folder to rescan; false when there is no such folder. */
    @Override
    public boolean rescan(String folderId) {
        FolderRunner r = folders.runner(folderId);
        if (r == null) {
            return false;
        }
        r.scan();
        return true;
    }

    @Override
    public java.util.Optional<FolderSpec> spec(String folderId) {
        return java.util.Optional.ofNullable(folders.spec(folderId));
    }

    @Override
    public List<String> folderIds() {
        return folders.ids();
    }

    /**
     * Figures of one folder for status displays; counts may be up to a quarter second old while it is busy.
     */
    @Override
    public FolderStatus status(String folderId) {
        return figures.status(folders.spec(folderId), folders.runner(folderId));
    }

    /** Old versions of a folder's files that peers' changes replaced or deleted, oldest first per name. */
    @Override
    public List<dev.shoal.store.versions.StoredVersion> versions(String folderId) throws java.io.IOException {
        return runner(folderId).versions().list();
    }

    /**
     * Puts an old version back under its name (the newest one, or the one archived at {@code archivedAt}); a file
     * now at that name becomes a version itself. The folder is rescanned, so the restored file syncs.
     */
    @Override
    public dev.shoal.store.versions.StoredVersion restore(
            String folderId, String name, java.time.LocalDateTime archivedAt) throws java.io.IOException {
        FolderRunner runner = runner(folderId);
        var match = runner.versions().list().stream()
                .filter(v -> v.name().equals(name)
                        && (archivedAt == null || v.archivedAt().equals(archivedAt)))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalArgumentException("no stored version of '" + name + "'"
                        + (archivedAt == null ? "" : " from " + archivedAt) + " in folder '" + folderId + "'"));
        runner.versions().restore(match);
        runner.scan();
        return match;
    }

    /** Send-only folder: makes this device's versions win over peers' differing ones, so they take ours. */
    @Override
    public void overrideRemote(String folderId) {
        runner(folderId).overrideRemote();
    }

    /** Receive-only folder: undoes local changes (kept as versions) and takes the peers' versions again. */
    @Override
    public void revertLocal(String folderId) {
        runner(folderId).revertLocal();
    }

    /** Deletes stored versions older than {@code retention} in every folder. */
    @Override
    public void pruneVersions(java.time.Duration retention) {
        for (FolderRunner r : folders.runners()) {
            try {
                r.versions().prune(retention);
            } catch (java.io.IOException e) {
                LOG.warn("pruning old versions in {} failed: {}", r.folder().path(), e.getMessage());
            }
        }
    }

    /** Applies each folder's versioning to the versions it keeps (age, count, schedule). */
    @Override
    public void cleanVersions() {
        for (FolderRunner r : folders.runners()) {
            try {
                r.versions().cleanup();
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("cleaning up old versions in {} failed: {}", r.folder().path(), e.getMessage());
            }
        }
    }

    @Override
    public int cleanVersions(String folderId) throws java.io.IOException {
        int removed = runner(folderId).versions().cleanup();
        LOG.info("{}: cleaned up {} old versions", folderId, removed);
        return removed;
    }

    private FolderRunner runner(String folderId) {
        FolderRunner runner = folders.runner(folderId);
        if (runner == null) {
            throw new IllegalArgumentException("no folder with ID '" + folderId + "'");
        }
        return runner;
    }

    /** File changes made because of other devices, newest first, and a way to hear of new ones. */
    @Override
    public ActivityLog activity() {
        return activity;
    }

    /** Folders paired devices offer that are not set up here (accept by adding the folder). */
    @Override
    public List<FolderOffer> folderOffers() {
        return offers.list();
    }

    @Override
    public void declineOffer(String folderId, DeviceId from) {
        offers.decline(folderId, from);
    }

    /**
     * Settles a conflict as the user chose; the outcome syncs like any edit.
     *
     * @return the name the kept copy has now (keep both), or the file's name
     */
    @Override
    public CompletableFuture<String> resolveConflict(
            String folderId, String copyName, dev.shoal.engine.api.ConflictChoice choice) {
        return runner(folderId).resolveConflict(copyName, choice);
    }

    /** Files of a folder that have conflict copies beside them, with both versions. */
    @Override
    public List<ConflictInfo> conflicts(String folderId) {
        FolderRunner runner = folders.runner(folderId);
        if (runner == null) {
            throw new IllegalArgumentException("no folder with ID '" + folderId + "'");
        }
        return figures.conflicts(folderId, runner);
    }

    /** A connection to a paired device (incoming or outgoing). */
    @Override
    public void connected(PeerConnection connection) {
        DeviceId peer = connection.device();
        peers.put(connection);
        connection.setHandler(new PeerSession(sessions, connection));
        connection.onClose(reason -> {
            if (peers.remove(connection)) {
                exchange.disconnected(peer);
                progress.forget(peer);
                broadcast.forget(peer);
            }
        });
        exchange.connected(connection);
        // Files its records announced while it was away can be fetched now.
        for (FolderSpec spec : folders.specs()) {
            if (spec.sharedWith().contains(peer)) {
                folders.runner(spec.id()).pullAll();
            }
        }
    }

    private ChunkSource chunkSource(DeviceId peer) {
        PeerConnection c = peers.get(peer);
        return c == null || !c.isOpen() ? null : new PeerChunkSource(peer, c, limits);
    }

    /**
     * Caps uploads and downloads of chunk data, in bytes per second (0: no cap); devices on the local network
     * are exempt unless {@code lan}.
     */
    @Override
    public void setRateLimits(long sendBytesPerSecond, long receiveBytesPerSecond, boolean lan) {
        limits.set(sendBytesPerSecond, receiveBytesPerSecond, lan);
    }

    /** Bytes of chunks this device served to {@code peer} and fetched from it, since start. */
    @Override
    public long[] chunkTraffic(DeviceId peer) {
        return new long[] {server.servedTo(peer), swarm.fetchedFrom(peer)};
    }

    @Override
    public void close() {
        broadcast.close();
        decodePool.shutdownNow();
        servePool.shutdownNow();
        exchange.close();
        folders.runners().forEach(FolderRunner::close);
        swarm.close();
    }
}
