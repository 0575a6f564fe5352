package dev.shoal.engine.core;

import com.google.protobuf.ByteString;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.folder.FolderMode;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.RecordMapper;
import dev.shoal.engine.protocol.wire.ClusterConfig;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.FolderDevice;
import dev.shoal.engine.protocol.wire.FolderShare;
import dev.shoal.engine.protocol.wire.IndexUpdate;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each connected peer's copy of our records in step. On connect each side sends a cluster config telling,
 * per shared folder, the highest sequence of the other's records it holds; the other then sends only newer
 * records (index updates), and later every local change as it is committed.
 */
final class IndexExchange {
    private static final int RECORDS_PER_MESSAGE = 1000;

    private final DeviceId self;
    private final Index index;
    private final Folders folders;
    private final Peers peers;
    private final FolderOffers offers;
    /**
     * Per connection and folder: the highest local sequence already sent on it. Per connection, not per peer:
     * when both devices dial at once, records sent on the connection that loses must not count for the one
     * that stays.
     */
    private final Map<PeerConnection, Map<String, Long>> sent = new ConcurrentHashMap<>();
    /** Control bytes queued per connection above which index batches wait, and below which they resume. */
    static final long BACKLOG_HIGH = 4L << 20;

    static final long BACKLOG_LOW = 1L << 20;

    /** Reads and encodes outgoing index batches, one at a time, off the transport's threads. */
    private final java.util.concurrent.ExecutorService sender =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "index-sender");
                t.setDaemon(true);
                return t;
            });
    /** Connection/folder pairs whose sending waits for the backlog to shrink (sender thread only). */
    private final java.util.Set<Waiting> waiting = new java.util.HashSet<>();

    private record Waiting(PeerConnection connection, String folderId) {}

    /** The last cluster config each connected peer sent, for folders added or shared later. */
    private final Map<DeviceId, ClusterConfig> peerConfigs = new ConcurrentHashMap<>();

    IndexExchange(DeviceId self, Index index, Folders folders, Peers peers, FolderOffers offers) {
        this.offers = offers;
        this.self = self;
        this.index = index;
        this.folders = folders;
        this.peers = peers;
    }

    /** A peer connected: tells it where we stand. */
    void connected(PeerConnection connection) {
        sent.put(connection, new ConcurrentHashMap<>());
        connection.onClose(reason -> sent.remove(connection));
        sendClusterConfig(connection);
    }

    void disconnected(DeviceId peer) {
        peerConfigs.remove(peer);
    }

    void sendClusterConfig(PeerConnection connection) {
        connection.sendControl(MessageCodec.encode(Envelope.newBuilder()
                .setClusterConfig(clusterConfigFor(connection.device()))
                .build()));
    }

    /** A peer's cluster config arrived on {@code connection}; that connection is sent what the peer lacks. */
    void received(PeerConnection connection, ClusterConfig cc) {
        ClusterConfig before = peerConfigs.put(connection.device(), cc);
        applyClusterConfig(connection, cc, null);
        // Another cluster config while connected means the peer changed what it shares with us, e.g. shared a
        // folder again that it had stopped serving: what it refused meanwhile can be fetched now, though none
        // of its records is new to us (so no record arrives to start a pull).
        for (FolderShare share : before == null ? List.<FolderShare>of() : cc.getFoldersList()) {
            FolderSpec spec = folders.spec(share.getId());
            if (spec != null && spec.sharedWith().contains(connection.device())) {
                folders.runner(spec.id()).pullAll();
            }
        }
    }

    /** A folder newly shared with a connected peer: both sides learn of it and records flow at once. */
    void shared(String folderId, PeerConnection connection) {
        sendClusterConfig(connection);
        ClusterConfig theirs = peerConfigs.get(connection.device());
        if (theirs != null) {
            applyClusterConfig(connection, theirs, folderId);
        }
    }

    /** Sends {@code peer} the records of each folder both share that it lacks, as its cluster config says. */
    void applyClusterConfig(PeerConnection c, ClusterConfig cc, String onlyFolder) {
        DeviceId peer = c.device();
        for (FolderShare share : cc.getFoldersList()) {
            if (onlyFolder != null && !onlyFolder.equals(share.getId())) {
                continue;
            }
            FolderSpec spec = folders.spec(share.getId());
            if (spec == null || !spec.sharedWith().contains(peer)) {
                offers.offered(share.getId(), share.getLabel(), peer); // the user may accept it
                continue;
            }
            long theyHave = 0;
            Folder folder = folders.runner(spec.id()).folder();
            for (FolderDevice d : share.getDevicesList()) {
                if (d.getDeviceId().equals(ByteString.copyFrom(self.hash()))) {
                    // A claim about another incarnation of our index (ours was reset) is worth nothing.
                    theyHave = d.getIndexId() == folder.indexId() ? d.getMaxSequence() : 0;
                } else if (d.getDeviceId().equals(ByteString.copyFrom(peer.hash()))) {
                    folders.runner(spec.id()).peerIndexId(peer, d.getIndexId());
                }
            }
            sendSince(c, share.getId(), theyHave);
        }
    }

    ClusterConfig clusterConfigFor(DeviceId peer) {
        ClusterConfig.Builder cc = ClusterConfig.newBuilder();
        for (FolderSpec spec : folders.specs()) {
            if (!spec.sharedWith().contains(peer)) {
                continue;
            }
            Folder folder = folders.runner(spec.id()).folder();
            // What this device holds of the peer's index (and of which incarnation), and its own index.
            cc.addFolders(FolderShare.newBuilder()
                    .setId(spec.id())
                    .addDevices(FolderDevice.newBuilder()
                            .setDeviceId(ByteString.copyFrom(peer.hash()))
                            .setIndexId(index.remoteIndexId(folder, peer.hash()))
                            .setMaxSequence(index.remoteMaxSequence(folder, peer.hash())))
                    .addDevices(FolderDevice.newBuilder()
                            .setDeviceId(ByteString.copyFrom(self.hash()))
                            .setIndexId(folder.indexId())
                            .setMaxSequence(index.maxSequence(folder))));
        }
        return cc.build();
    }

    /** Sends each connected peer sharing the folder the local records it has not been sent yet. */
    void sendUpdates(String folderId) {
        FolderSpec spec = folders.spec(folderId);
        for (DeviceId peer : spec.sharedWith()) {
            PeerConnection c = peers.get(peer);
            Map<String, Long> sentTo = c == null ? null : sent.get(c);
            if (sentTo == null || !sentTo.containsKey(folderId)) {
                continue; // not connected, or its cluster config has not told us where it stands yet
            }
            send(() -> pump(c, folderId));
        }
    }

    /** Sends on {@code c} the folder's records after sequence {@code after} (what the peer's cluster config claims). */
    private void sendSince(PeerConnection c, String folderId, long after) {
        send(() -> {
            Map<String, Long> sentTo = sent.get(c);
            if (sentTo != null) {
                sentTo.put(folderId, after);
                pump(c, folderId);
            }
        });
    }

    /**
     * Sends on {@code c} batches of records after what was last sent on it, while its control backlog is
     * small; beyond that it carries on once the peer has taken most of it. So an index of 100,000 files goes
     * out at the pace the peer reads it, with a few megabytes queued per peer rather than the whole index, and
     * never on the transport's event loop. Runs on the sender thread only.
     */
    private void pump(PeerConnection c, String folderId) {
        Map<String, Long> sentTo = sent.get(c);
        if (sentTo == null || !sentTo.containsKey(folderId) || !c.isOpen()) {
            return; // closed: the next connection starts from the peer's cluster config
        }
        Waiting key = new Waiting(c, folderId);
        if (waiting.contains(key)) {
            return; // a pump is already due when this connection's backlog shrinks
        }
        Folder folder = folders.runner(folderId).folder();
        long last = sentTo.get(folderId);
        while (true) {
            if (c.controlBacklog() >= BACKLOG_HIGH) {
                waiting.add(key);
                c.whenControlBacklogBelow(
                        BACKLOG_LOW,
                        () -> send(() -> {
                            waiting.remove(key);
                            pump(c, folderId);
                        }));
                break;
            }
            List<FileRecord> batch = index.localSince(folder, last, RECORDS_PER_MESSAGE);
            if (batch.isEmpty()) {
                break;
            }
            IndexUpdate.Builder update = IndexUpdate.newBuilder().setFolder(folderId);
            FolderMode mode = FolderMode.of(folders.spec(folderId).type());
            for (FileRecord r : batch) {
                if (!mode.announces(r, self.shortValue())) {
                    continue;
                }
                update.addFiles(RecordMapper.toWire(r));
            }
            if (update.getFilesCount() > 0) {
                c.sendControl(MessageCodec.encode(
                        Envelope.newBuilder().setIndexUpdate(update).build()));
            }
            last = batch.getLast().sequence();
            sentTo.put(folderId, last);
        }
    }

    /**
     * Runs {@code work} on the sender thread; after {@link #close} it is dropped. A backlog waiter can fire on
     * the transport's thread while connections close at shutdown, and must not throw there.
     */
    private void send(Runnable work) {
        try {
            sender.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // shutting down: the next start sends from the peers' cluster configs
        }
    }

    /** Stops sending; batches not sent yet are sent on the next start, as peers' cluster configs ask. */
    void close() {
        sender.shutdownNow();
    }
}
