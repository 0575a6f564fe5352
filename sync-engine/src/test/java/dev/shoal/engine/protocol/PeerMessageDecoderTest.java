package dev.shoal.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.engine.protocol.wire.ClusterConfig;
import dev.shoal.engine.protocol.wire.DownloadProgress;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.IndexUpdate;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.VersionVector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PeerMessageDecoderTest {
    /** Records what reaches the typed side. */
    static final class Recorder implements PeerMessages {
        final List<String> seen = new ArrayList<>();

        @Override
        public void clusterConfig(ClusterConfig config) {
            seen.add("cluster " + config.getFoldersCount());
        }

        @Override
        public void records(String folder, List<FileRecord> records) {
            seen.add("records " + folder + " " + records.size());
        }

        @Override
        public void downloadProgress(DownloadProgress progress) {
            seen.add("progress " + progress.getFolder());
        }

        @Override
        public CompletableFuture<byte[]> request(Request request) {
            seen.add("request " + request.getName());
            return CompletableFuture.completedFuture(new byte[0]);
        }

        @Override
        public void closed(String reason) {}
    }

    static FileRecord file(String name) {
        var m = new ChunkHasher().hash(name.getBytes());
        return new FileRecord(
                name, FileType.FILE, m.size(), 1, 0, 0644, false, VersionVector.EMPTY.bump(7), 1, 7, m, null, null);
    }

    @Test
    void eachKindReachesItsMethodDecodedAndChecked() throws Exception {
        Recorder r = new Recorder();
        PeerMessageDecoder decoder = new PeerMessageDecoder(r);
        decoder.control(MessageCodec.encode(Envelope.newBuilder()
                .setIndexUpdate(IndexUpdate.newBuilder()
                        .setFolder("docs")
                        .addFiles(RecordMapper.toWire(file("a.txt")))
                        .addFiles(RecordMapper.toWire(file("b.txt"))))
                .build()));
        decoder.control(MessageCodec.encode(Envelope.newBuilder()
                .setClusterConfig(ClusterConfig.getDefaultInstance())
                .build()));
        decoder.request(MessageCodec.encode(
                        Request.newBuilder().setName("a.txt").build()))
                .get();
        assertThat(r.seen).containsExactly("records docs 2", "cluster 0", "request a.txt");
    }

    @Test
    void tooManyRecordsOrAMalformedOneIsAProtocolErrorAndNothingIsDelivered() {
        Recorder r = new Recorder();
        PeerMessageDecoder decoder = new PeerMessageDecoder(r);
        IndexUpdate.Builder many = IndexUpdate.newBuilder().setFolder("docs");
        var one = RecordMapper.toWire(file("x"));
        for (int i = 0; i <= PeerMessageDecoder.MAX_RECORDS_PER_MESSAGE; i++) {
            many.addFiles(one);
        }
        assertThatThrownBy(() -> decoder.control(MessageCodec.encode(
                        Envelope.newBuilder().setIndexUpdate(many).build())))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("10000");
        var broken = one.toBuilder().setSize(one.getSize() + 1).build();
        assertThatThrownBy(() -> decoder.control(MessageCodec.encode(Envelope.newBuilder()
                        .setIndexUpdate(
                                IndexUpdate.newBuilder().setFolder("docs").addFiles(broken))
                        .build())))
                .isInstanceOf(WireFormatException.class);
        assertThat(decoder.request(new byte[] {9, 9, 9})).isCompletedExceptionally();
        assertThat(r.seen).isEmpty();
    }
}
