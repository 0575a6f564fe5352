package dev.shoal.engine.protocol;

import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.FileInfo;
import dev.shoal.store.index.FileRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one place a peer's bytes become messages: decodes a control message or a request, validates it against
 * the limits (records per message here, name, version and chunk limits in {@link RecordMapper}), and hands the
 * result to a {@link PeerMessages}. A message that breaks a rule is a {@link WireFormatException}, for the
 * caller to close the connection with.
 */
public final class PeerMessageDecoder {
    /** Most records one index message may carry (senders batch 1,000). */
    public static final int MAX_RECORDS_PER_MESSAGE = 10_000;

    private final PeerMessages target;

    public PeerMessageDecoder(PeerMessages target) {
        this.target = target;
    }

    /** Decodes and checks one control message, then delivers it. */
    public void control(byte[] frame) throws WireFormatException {
        Envelope e = MessageCodec.decodeEnvelope(frame);
        switch (e.getMessageCase()) {
            case CLUSTER_CONFIG -> target.clusterConfig(e.getClusterConfig());
            case INDEX ->
                target.records(e.getIndex().getFolder(), records(e.getIndex().getFilesList()));
            case INDEX_UPDATE ->
                target.records(
                        e.getIndexUpdate().getFolder(),
                        records(e.getIndexUpdate().getFilesList()));
            case DOWNLOAD_PROGRESS -> target.downloadProgress(e.getDownloadProgress());
            default -> {
                // an empty envelope, or a kind from a newer version: nothing to do
            }
        }
    }

    /** Decodes a request and hands it on; a malformed one fails the answer. */
    public CompletableFuture<byte[]> request(byte[] frame) {
        try {
            return target.request(MessageCodec.decodeRequest(frame));
        } catch (WireFormatException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static List<FileRecord> records(List<FileInfo> files) throws WireFormatException {
        if (files.size() > MAX_RECORDS_PER_MESSAGE) {
            throw new WireFormatException(
                    files.size() + " records in one message; the limit is " + MAX_RECORDS_PER_MESSAGE);
        }
        List<FileRecord> records = new ArrayList<>(files.size());
        for (FileInfo f : files) {
            records.add(RecordMapper.fromWire(f));
        }
        return records;
    }
}
