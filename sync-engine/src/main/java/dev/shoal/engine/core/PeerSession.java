package dev.shoal.engine.core;

import dev.shoal.engine.limit.RateLimits;
import dev.shoal.engine.protocol.PeerMessageDecoder;
import dev.shoal.engine.protocol.PeerMessages;
import dev.shoal.engine.protocol.WireFormatException;
import dev.shoal.engine.protocol.wire.ClusterConfig;
import dev.shoal.engine.protocol.wire.DownloadProgress;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.serve.ChunkServer;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.engine.swarm.PeerProgress;
import dev.shoal.store.index.FileRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of one connected peer: the transport hands it bytes ({@link PeerHandler}); control messages
 * queue in a {@link ControlInbox} and are decoded off the network threads by the {@link PeerMessageDecoder},
 * which calls back here with typed, validated messages ({@link PeerMessages}); this class applies them only to
 * folders shared with the peer.
 */
final class PeerSession implements PeerHandler, PeerMessages {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);

    /** What every peer session of one engine shares. */
    record Context(
            Folders folders,
            IndexExchange exchange,
            PeerProgress progress,
            ChunkServer server,
            Executor servePool,
            RateLimits limits,
            Executor decodePool,
            int recordsWaitingHigh,
            int recordsWaitingLow) {}

    private final Context ctx;
    private final DeviceId peer;
    private final PeerConnection connection;
    private final RecordIntake intake;
    private final PeerMessageDecoder decoder = new PeerMessageDecoder(this);
    private final ControlInbox inbox;

    PeerSession(Context ctx, PeerConnection connection) {
        this.ctx = ctx;
        this.peer = connection.device();
        this.connection = connection;
        this.intake = new RecordIntake(connection, ctx.recordsWaitingHigh(), ctx.recordsWaitingLow());
        this.inbox = new ControlInbox(ctx.decodePool(), intake, this::decode);
    }

    // ---- bytes from the transport ----

    @Override
    public void control(byte[] message) {
        inbox.arrived(message); // decoded off the network thread
    }

    @Override
    public CompletableFuture<byte[]> request(byte[] request) {
        return decoder.request(request);
    }

    private void decode(byte[] message) {
        try {
            decoder.control(message);
        } catch (WireFormatException e) {
            LOG.warn("closing the connection to {}: {}", peer.shortString(), e.getMessage());
            connection.close("protocol error: " + e.getMessage());
        }
    }

    // ---- typed messages ----

    @Override
    public void clusterConfig(ClusterConfig config) {
        ctx.exchange().received(connection, config);
    }

    @Override
    public void records(String folderId, List<FileRecord> records) {
        if (!sharedWithPeer(folderId)) {
            LOG.info("ignoring records of folder '{}' from {}: not shared with it", folderId, peer.shortString());
            return;
        }
        intake.arrived(records.size());
        ctx.folders().runner(folderId).remoteIndex(peer, records, () -> intake.stored(records.size()));
    }

    @Override
    public void downloadProgress(DownloadProgress progress) {
        if (sharedWithPeer(progress.getFolder())) {
            ctx.progress().update(peer, progress);
        }
    }

    @Override
    public CompletableFuture<byte[]> request(Request request) {
        // Disk reads happen off the network thread; the chunk server checks the folder is shared.
        return CompletableFuture.supplyAsync(() -> ctx.server().serve(peer, request), ctx.servePool())
                .thenCompose(answer -> ctx.limits()
                        .beforeSending(connection.remoteAddress(), answer.length)
                        .thenApply(ready -> answer));
    }

    @Override
    public void closed(String reason) {
        LOG.info("connection to {} closed: {}", peer.shortString(), reason);
    }

    private boolean sharedWithPeer(String folderId) {
        return ctx.folders().sharedWith(folderId, peer);
    }
}
