package dev.shoal.engine.core;

import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.folder.FolderRunner;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.swarm.ProgressPublisher;
import dev.shoal.store.index.Folder;
import dev.shoal.store.read.ChunkReader;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second, tells each connected peer of a folder which chunks of files still downloading here it may fetch
 * from this device (only what changed since it was last told).
 */
final class ProgressBroadcast implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressBroadcast.class);

    private final Folders folders;
    private final Peers peers;
    private final ChunkReader reader;
    private final ProgressPublisher publisher = new ProgressPublisher();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "engine-progress");
        t.setDaemon(true);
        return t;
    });

    ProgressBroadcast(Folders folders, Peers peers, ChunkReader reader) {
        this.folders = folders;
        this.peers = peers;
        this.reader = reader;
    }

    void start() {
        ticker.scheduleWithFixedDelay(this::publishSafely, 1, 1, TimeUnit.SECONDS);
    }

    /** The peer disconnected: it is told everything afresh when it is back. */
    void forget(DeviceId peer) {
        publisher.forget(peer);
    }

    private void publishSafely() {
        try {
            publish();
        } catch (RuntimeException e) {
            LOG.warn("telling peers about download progress failed", e);
        }
    }

    private void publish() {
        for (FolderRunner runner : folders.runners()) {
            Folder folder = runner.folder();
            FolderSpec spec = folders.spec(folder.folderId());
            List<DeviceId> online =
                    spec.sharedWith().stream().filter(peers::connected).toList();
            if (online.isEmpty()) {
                continue;
            }
            var message = ProgressPublisher.message(
                    folder.folderId(), reader.downloads().of(folder));
            publisher.publish(message, online, (peer, m) -> {
                PeerConnection c = peers.get(peer);
                if (c != null) {
                    c.sendControl(MessageCodec.encode(
                            Envelope.newBuilder().setDownloadProgress(m).build()));
                }
            });
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
