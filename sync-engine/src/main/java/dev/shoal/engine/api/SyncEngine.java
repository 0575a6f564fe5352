package dev.shoal.engine.api;

import dev.shoal.engine.folder.FolderRunner;
import dev.shoal.engine.folder.FolderState;
import dev.shoal.engine.limit.RateLimits;
import dev.shoal.engine.protocol.DeviceId;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.serve.ChunkServer;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.swarm.FileSources;
import dev.shoal.engine.swarm.PeerChunkSource;
import dev.shoal.engine.swarm.PeerProgress;
import dev.shoal.engine.swarm.ProgressPublisher;
import dev.shoal.engine.swarm.Swarm;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.scan.Scanner;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
public final class SyncEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    /** A peer's records waiting to be stored above which its control messages wait, and below which they flow. */
    static final int RECORDS_WAITING_HIGH = 20_000;

    static final int RECORDS_WAITING_LOW = 5_000;

    private final DeviceId self;
    private final Index index;
    private final Map<String, FolderSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, FolderRunner> runners = new ConcurrentHashMap<>();
    private final Map<DeviceId, PeerConnection> connections = new ConcurrentHashMap<>();

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
    private final ProgressPublisher publisher = new ProgressPublisher();
    private final FileSources sources;
    /** Decodes peers' control messages, each peer's in order, off the transport's event loops. */
    private final java.util.concurrent.ExecutorService decodePool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "engine-decode");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "engine-progress");
        t.setDaemon(true);
        return t;
    });

    public SyncEngine(DeviceId self, Index index, List<FolderSpec> folders, ForkJoinPool hashPool) {
        this.self = self;
        this.index = index;
        this.hashPool = hashPool;
        this.scanner = new Scanner(index, new ChunkHasher(), hashPool, self.shortValue());
        this.figures = new FolderFigures(index);
        this.reader = new ChunkReader(index, folder -> {
            FolderRunner r = runners.get(folder.folderId());
            if (r != null) {
                r.scan();
            }
        });
        this.server = new ChunkServer(index, reader, (folderId, device) -> {
            FolderSpec spec = specs.get(folderId);
            return spec != null && !spec.paused() && spec.sharedWith().contains(device);
        });
        for (FolderSpec f : folders) {
            specs.put(f.id(), f);
        }
        this.sources = new FileSources(index, swarm, progress, this::chunkSource);
        this.exchange = new IndexExchange(self, index, specs, runners, connections, offers);
        this.sessions = new PeerSession.Context(
                specs,
                runners,
                exchange,
                progress,
                server,
                hashPool,
                limits,
                decodePool,
                RECORDS_WAITING_HIGH,
                RECORDS_WAITING_LOW);
    }

    /** Opens every folder and scans it; peers are served once their connections are handed in. */
    public void start() {
        for (FolderSpec spec : specs.values()) {
            open(spec);
        }
        ticker.scheduleWithFixedDelay(this::publishProgressSafely, 1, 1, TimeUnit.SECONDS);
    }

    private void publishProgressSafely() {
        try {
            publishProgress();
        } catch (RuntimeException e) {
            LOG.warn("telling peers about download progress failed", e);
        }
    }

    private void open(FolderSpec spec) {
        Folder folder = index.addFolder(spec.id(), spec.path());
        FolderRunner runner = new FolderRunner(
                folder,
                index,
                scanner,
                reader,
                sources.forFolder(folder, () -> specs.get(spec.id()).sharedWith()),
                () -> exchange.sendUpdates(spec.id()),
                self.shortValue(),
                activity::add);
        spec.sharedWith().forEach(runner::addPeer);
        runner.setType(spec.type());
        runner.setPaused(spec.paused());
        runners.put(spec.id(), runner);
        runner.scan();
    }

    /**
     * Adds a folder, or shares an existing one with more devices, while running: connected peers of the share
     * hear of it at once and records start flowing both ways. (Unsharing and moving need a restart.)
     */
    public synchronized void putFolder(FolderSpec spec) {
        FolderSpec old = specs.get(spec.id());
        if (old != null && !old.path().equals(spec.path())) {
            throw new IllegalArgumentException("folder '" + spec.id() + "' moved; restart to apply that");
        }
        specs.put(spec.id(), spec);
        offers.accepted(spec.id(), spec.sharedWith());
        if (old == null) {
            open(spec);
        } else {
            spec.sharedWith().forEach(runners.get(spec.id())::addPeer);
            runners.get(spec.id()).setType(spec.type());
            runners.get(spec.id()).setPaused(spec.paused());
        }
        for (DeviceId peer : spec.sharedWith()) {
            if (old != null && old.sharedWith().contains(peer)) {
                continue;
            }
            PeerConnection c = connections.get(peer);
            if (c == null) {
                continue; // it learns of the folder when it connects
            }
            exchange.shared(spec.id(), c);
        }
    }

    public FolderState state(String folderId) {
        return runners.get(folderId).state();
    }

    public Map<String, String> errors(String folderId) {
        return runners.get(folderId).errors();
    }

    /** Asks a folder to rescan only these paths and what lies below them; false when there is no such folder. */
    public boolean rescan(String folderId, java.util.Collection<String> paths) {
        FolderRunner r = runners.get(folderId);
        if (r == null) {
            return false;
        }
        r.scan(paths);
        return true;
    }

    /** Asks a folder to rescan; false when there is no such folder. */
    public boolean rescan(String folderId) {
        FolderRunner r = runners.get(folderId);
        if (r == null) {
            return false;
        }
        r.scan();
        return true;
    }

    public java.util.Optional<FolderSpec> spec(String folderId) {
        return java.util.Optional.ofNullable(specs.get(folderId));
    }

    public List<String> folderIds() {
        return List.copyOf(specs.keySet()).stream().sorted().toList();
    }

    /**
     * Figures of one folder for status displays; counts may be up to a quarter second old while it is busy.
     */
    public FolderStatus status(String folderId) {
        return figures.status(specs.get(folderId), runners.get(folderId));
    }

    /** Old versions of a folder's files that peers' changes replaced or deleted, oldest first per name. */
    public List<dev.shoal.store.versions.StoredVersion> versions(String folderId) throws java.io.IOException {
        return runner(folderId).versions().list();
    }

    /**
     * Puts an old version back under its name (the newest one, or the one archived at {@code archivedAt}); a file
     * now at that name becomes a version itself. The folder is rescanned, so the restored file syncs.
     */
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
    public void overrideRemote(String folderId) {
        runner(folderId).overrideRemote();
    }

    /** Receive-only folder: undoes local changes (kept as versions) and takes the peers' versions again. */
    public void revertLocal(String folderId) {
        runner(folderId).revertLocal();
    }

    /** Deletes stored versions older than {@code retention} in every folder. */
    public void pruneVersions(java.time.Duration retention) {
        for (FolderRunner r : runners.values()) {
            try {
                r.versions().prune(retention);
            } catch (java.io.IOException e) {
                LOG.warn("pruning old versions in {} failed: {}", r.folder().path(), e.getMessage());
            }
        }
    }

    private FolderRunner runner(String folderId) {
        FolderRunner runner = runners.get(folderId);
        if (runner == null) {
            throw new IllegalArgumentException("no folder with ID '" + folderId + "'");
        }
        return runner;
    }

    /** File changes made because of other devices, newest first, and a way to hear of new ones. */
    public ActivityLog activity() {
        return activity;
    }

    /** Folders paired devices offer that are not set up here (accept by adding the folder). */
    public List<FolderOffer> folderOffers() {
        return offers.list();
    }

    public void declineOffer(String folderId, DeviceId from) {
        offers.decline(folderId, from);
    }

    /**
     * Settles a conflict as the user chose; the outcome syncs like any edit.
     *
     * @return the name the kept copy has now (keep both), or the file's name
     */
    public CompletableFuture<String> resolveConflict(
            String folderId, String copyName, dev.shoal.engine.folder.ConflictChoice choice) {
        return runner(folderId).resolveConflict(copyName, choice);
    }

    /** Files of a folder that have conflict copies beside them, with both versions. */
    public List<ConflictInfo> conflicts(String folderId) {
        FolderRunner runner = runners.get(folderId);
        if (runner == null) {
            throw new IllegalArgumentException("no folder with ID '" + folderId + "'");
        }
        return figures.conflicts(folderId, runner);
    }

    /** A connection to a paired device (incoming or outgoing). */
    public void connected(PeerConnection connection) {
        DeviceId peer = connection.device();
        connections.put(peer, connection);
        connection.setHandler(new PeerSession(sessions, connection));
        connection.onClose(reason -> {
            if (connections.remove(peer, connection)) {
                exchange.disconnected(peer);
                progress.forget(peer);
                publisher.forget(peer);
            }
        });
        exchange.connected(connection);
        // Files its records announced while it was away can be fetched now.
        for (FolderSpec spec : specs.values()) {
            if (spec.sharedWith().contains(peer)) {
                runners.get(spec.id()).pullAll();
            }
        }
    }

    private ChunkSource chunkSource(DeviceId peer) {
        PeerConnection c = connections.get(peer);
        return c == null || !c.isOpen() ? null : new PeerChunkSource(peer, c, limits);
    }

    /** Tells peers which chunks of files still downloading they may fetch from here. */
    private void publishProgress() {
        for (FolderRunner runner : runners.values()) {
            Folder folder = runner.folder();
            FolderSpec spec = specs.get(folder.folderId());
            List<DeviceId> online =
                    spec.sharedWith().stream().filter(connections::containsKey).toList();
            if (online.isEmpty()) {
                continue;
            }
            var message = ProgressPublisher.message(
                    folder.folderId(), reader.downloads().of(folder));
            publisher.publish(message, online, (peer, m) -> {
                PeerConnection c = connections.get(peer);
                if (c != null) {
                    c.sendControl(MessageCodec.encode(
                            Envelope.newBuilder().setDownloadProgress(m).build()));
                }
            });
        }
    }

    /**
     * Caps uploads and downloads of chunk data, in bytes per second (0: no cap); devices on the local network
     * are exempt unless {@code lan}.
     */
    public void setRateLimits(long sendBytesPerSecond, long receiveBytesPerSecond, boolean lan) {
        limits.set(sendBytesPerSecond, receiveBytesPerSecond, lan);
    }

    /** Bytes of chunks this device served to {@code peer} and fetched from it, since start. */
    public long[] chunkTraffic(DeviceId peer) {
        return new long[] {server.servedTo(peer), swarm.fetchedFrom(peer)};
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        decodePool.shutdownNow();
        exchange.close();
        runners.values().forEach(FolderRunner::close);
        swarm.close();
    }
}
