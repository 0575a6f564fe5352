package dev.shoal.engine.protocol;

import dev.shoal.engine.protocol.wire.ClusterConfig;
import dev.shoal.engine.protocol.wire.DownloadProgress;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.store.index.FileRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything a peer can send, one method per message kind, each message already decoded and validated by
 * {@link PeerMessageDecoder} (sizes, counts, record consistency): what a peer's Index is, where it is decoded
 * and checked, and where it goes are found by following this interface. Whether the folder named is shared
 * with the peer is for the implementation to decide.
 */
public interface PeerMessages {
    /** The folders the peer shares and how far it has this device's records of each. */
    void clusterConfig(ClusterConfig config);

    /** File records of {@code folder}: a whole index or the changes since the last one (at most 10,000). */
    void records(String folder, List<FileRecord> records);

    /** Which chunks of files still downloading the peer can serve. */
    void downloadProgress(DownloadProgress progress);

    /** A chunk request; the answer may come later (a disk read, a rate limit). */
    CompletableFuture<byte[]> request(Request request);

    /** The connection closed, for this reason. */
    void closed(String reason);
}
