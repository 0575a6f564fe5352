package dev.shoal.engine.swarm;

import com.google.protobuf.ByteString;
import dev.shoal.engine.protocol.wire.DownloadProgress;
import dev.shoal.engine.protocol.wire.FileProgress;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.temp.PartialDownload;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Tells peers which chunks of which files this device has written so far, about once a second and only when it
 * changed, so they can fetch those chunks from here while the file is still arriving.
 */
public final class ProgressPublisher {
    private final Map<DeviceId, Map<String, DownloadProgress>> lastSent = new ConcurrentHashMap<>();

    /**
     * The progress of a folder's downloads worth telling: files of more than one chunk with some written (a
     * one-chunk file is done as soon as it has anything to offer).
     */
    public static DownloadProgress message(String folderId, List<PartialDownload> downloads) {
        DownloadProgress.Builder m = DownloadProgress.newBuilder().setFolder(folderId);
        for (PartialDownload d : downloads) {
            if (d.manifest().chunks().size() < 2) {
                continue;
            }
            BitSet done = d.doneChunks();
            if (done.isEmpty()) {
                continue;
            }
            FileProgress.Builder f = FileProgress.newBuilder()
                    .setName(d.name())
                    .setFileHash(ByteString.copyFrom(d.manifest().fileHash().bytes()));
            done.stream().forEach(f::addDoneChunks);
            m.addFiles(f);
        }
        return m.build();
    }

    /** Sends {@code message} to each of {@code peers} that was last sent something else for its folder. */
    public void publish(
            DownloadProgress message, Collection<DeviceId> peers, BiConsumer<DeviceId, DownloadProgress> send) {
        for (DeviceId peer : peers) {
            Map<String, DownloadProgress> sent = lastSent.computeIfAbsent(peer, p -> new ConcurrentHashMap<>());
            DownloadProgress before = sent.get(message.getFolder());
            boolean nothingNew = before == null ? message.getFilesCount() == 0 : before.equals(message);
            if (nothingNew) {
                continue;
            }
            send.accept(peer, message);
            sent.put(message.getFolder(), message);
        }
    }

    /** Forgets what a disconnected peer was told, so it hears the whole state when it is back. */
    public void forget(DeviceId peer) {
        lastSent.remove(peer);
    }
}
