package dev.shoal.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import dev.shoal.engine.protocol.wire.ChunkInfo;
import dev.shoal.engine.protocol.wire.Counter;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.FileInfo;
import dev.shoal.engine.protocol.wire.Index;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.protocol.wire.Response;
import java.util.List;

/**
 * Control messages, requests and responses from a peer go through {@link MessageCodec} and, for index
 * records, {@link RecordMapper#fromWire}; whatever the bytes, the only failure allowed is a {@link
 * WireFormatException} (the engine closes that connection with the reason). The input is either taken as
 * raw frame bytes or, to get past protobuf's own checks, built as a structurally valid index whose fields
 * (names, types, sizes, times, chunk lists) are fuzzed, then optionally compressed and bit-flipped.
 */
class WireMessagesFuzzTest {
    @FuzzTest(maxDuration = "40s")
    void peerMessagesDecodeOrAreRefused(FuzzedDataProvider data) {
        byte[] frame = data.consumeBoolean() ? data.consumeRemainingAsBytes() : structured(data);
        try {
            Envelope e = MessageCodec.decodeEnvelope(frame);
            // Folder offers: an ID either is a plain name or is refused; a label is always fit to show.
            for (var share : e.getClusterConfig().getFoldersList()) {
                if (dev.shoal.engine.api.FolderIds.isValid(share.getId())) {
                    assertThat(share.getId()).doesNotContain("/", "\\").isNotIn(".", "..");
                }
                String label = dev.shoal.engine.api.FolderIds.label(share.getLabel(), share.getId());
                assertThat(label.codePoints().noneMatch(Character::isISOControl))
                        .isTrue();
                assertThat(label.length()).isLessThanOrEqualTo(dev.shoal.engine.api.FolderIds.MAX_LABEL + 8);
            }
            List<FileInfo> files = e.hasIndex()
                    ? e.getIndex().getFilesList()
                    : e.getIndexUpdate().getFilesList();
            for (FileInfo f : files) {
                var record = RecordMapper.fromWire(f);
                assertThat(record.name()).isEqualTo(f.getName());
                if (record.manifest() != null) {
                    assertThat(record.manifest().size()).isEqualTo(record.size());
                }
            }
        } catch (WireFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        for (int kind = 0; kind < 2; kind++) {
            try {
                Object decoded = kind == 0 ? MessageCodec.decodeRequest(frame) : MessageCodec.decodeResponse(frame);
                assertThat(decoded).isInstanceOfAny(Request.class, Response.class);
            } catch (WireFormatException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }

    private static byte[] structured(FuzzedDataProvider data) {
        Index.Builder index = Index.newBuilder().setFolder(data.consumeString(16));
        int files = data.consumeInt(0, 4);
        for (int i = 0; i < files; i++) {
            FileInfo.Builder f = FileInfo.newBuilder()
                    .setName(data.consumeString(64))
                    .setTypeValue(data.consumeInt(-1, 4))
                    .setSize(data.consumeLong())
                    .setMtimeSeconds(data.consumeLong())
                    .setMtimeNanos(data.consumeInt())
                    .setDeleted(data.consumeBoolean())
                    .setChunkerVersion(data.consumeInt(-1, 3))
                    .setFileHash(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 40))));
            int counters = data.consumeInt(0, 3);
            for (int c = 0; c < counters; c++) {
                f.addVersion(Counter.newBuilder().setDevice(data.consumeLong()).setValue(data.consumeLong()));
            }
            int chunks = data.consumeInt(0, 3);
            for (int c = 0; c < chunks; c++) {
                f.addChunks(ChunkInfo.newBuilder()
                        .setSize(data.consumeInt())
                        .setHash(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 40)))));
            }
            index.addFiles(f);
        }
        byte[] frame = MessageCodec.encode(Envelope.newBuilder().setIndex(index).build());
        int flips = data.consumeInt(0, 3);
        for (int i = 0; i < flips && frame.length > 0; i++) {
            frame[data.consumeInt(0, frame.length - 1)] ^= (byte) (1 << data.consumeInt(0, 7));
        }
        return frame;
    }
}
