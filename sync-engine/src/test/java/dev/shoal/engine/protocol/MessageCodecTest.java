package dev.shoal.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.google.protobuf.ByteString;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.FileInfo;
import dev.shoal.engine.protocol.wire.Index;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.protocol.wire.Response;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.VersionVector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    static FileRecord record(String name, Manifest m) {
        return new FileRecord(
                name,
                FileType.FILE,
                m.size(),
                1_763_700_000L,
                123_456_789,
                0640,
                false,
                VersionVector.EMPTY.bump(7).bump(9),
                42,
                9,
                m,
                null,
                "(dev=1,ino=2)");
    }

    @Test
    void recordsSurviveTheWireExceptLocalOnlyFields() throws Exception {
        byte[] data = new byte[700_000];
        new Random(1).nextBytes(data);
        FileRecord original = record("dir/file.bin", new ChunkHasher().hash(data));
        FileRecord back = RecordMapper.fromWire(RecordMapper.toWire(original));
        assertThat(back)
                .isEqualTo(new FileRecord(
                        original.name(),
                        original.type(),
                        original.size(),
                        original.mtimeSeconds(),
                        original.mtimeNanos(),
                        original.permissions(),
                        false,
                        original.version(),
                        42,
                        9,
                        original.manifest(),
                        null,
                        null));

        FileRecord link = new FileRecord(
                "l", FileType.SYMLINK, 0, 1, 0, -1, false, VersionVector.EMPTY.bump(1), 1, 1, null, "target/x", null);
        assertThat(RecordMapper.fromWire(RecordMapper.toWire(link))).isEqualTo(link);
    }

    @Test
    void aRecordWhoseChunksDoNotAddUpIsRefused() {
        FileInfo lying = RecordMapper.toWire(record("f", new ChunkHasher().hash(new byte[100_000]))).toBuilder()
                .setSize(5)
                .build();
        assertThatThrownBy(() -> RecordMapper.fromWire(lying)).hasMessageContaining("do not add up");
    }

    @Test
    void largeIndexMessagesAreCompressedAndRoundTrip() throws Exception {
        Index.Builder index = Index.newBuilder().setFolder("docs");
        Manifest m = new ChunkHasher().hash(new byte[1000]);
        for (int i = 0; i < 10_000; i++) {
            index.addFiles(RecordMapper.toWire(record("photos/2026/IMG_" + i + ".jpg", m)));
        }
        Envelope message = Envelope.newBuilder().setIndex(index).build();
        byte[] frame = MessageCodec.encode(message);
        assertThat(frame.length).isLessThan(message.getSerializedSize() / 4);
        assertThat(MessageCodec.decodeEnvelope(frame)).isEqualTo(message);
    }

    @Test
    void garbageAndDecompressionBombsAreRefused() {
        assertThatThrownBy(() -> MessageCodec.decodeEnvelope(new byte[0])).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> MessageCodec.decodeEnvelope(new byte[] {9, 1, 2}))
                .hasMessageContaining("unknown message encoding");
        byte[] junk = new byte[200];
        new Random(3).nextBytes(junk);
        junk[0] = 0;
        assertThatThrownBy(() -> MessageCodec.decodeEnvelope(junk)).isInstanceOf(WireFormatException.class);

        byte[] bomb = Zstd.compress(new byte[200 << 20]); // 200 MiB of zeros in a few KiB
        byte[] frame = new byte[bomb.length + 1];
        frame[0] = 1;
        System.arraycopy(bomb, 0, frame, 1, bomb.length);
        assertThat(frame.length).isLessThan(100_000);
        assertThatThrownBy(() -> MessageCodec.decodeEnvelope(frame)).hasMessageContaining("excessive size");
    }

    @Test
    void requestsRoundTrip() throws Exception {
        Request r = Request.newBuilder()
                .setFolder("docs")
                .setName("a/b")
                .setOffset(131072)
                .setSize(65536)
                .build();
        assertThat(MessageCodec.decodeRequest(MessageCodec.encode(r))).isEqualTo(r);
    }

    @Test
    void aChunkResponseSharesItsFrameInsteadOfCopyingTheData() throws Exception {
        byte[] data = new byte[600_000];
        new Random(3).nextBytes(data);
        byte[] frame = MessageCodec.encode(BlockDelta.answer(Request.getDefaultInstance(), data.clone()));

        Response decoded = MessageCodec.decodeResponse(frame);
        assertThat(decoded.getData().toByteArray()).isEqualTo(data);

        // The frame is a fresh array used for this response alone; a second copy of every chunk would double
        // the receiver's allocation per byte synced. Changing the frame shows the data was not copied.
        int last = frame.length - 1;
        frame[last] ^= 0x5a;
        assertThat(decoded.getData().byteAt(data.length - 1)).isEqualTo((byte) (data[data.length - 1] ^ 0x5a));
    }

    @Test
    void aChunkFrameFilledInPlaceIsTheEncodedResponseWithThatData() throws Exception {
        for (int size : new int[] {1, 127, 128, 16_383, 16_384, 600_000, 8 << 20}) {
            byte[] data = new byte[size];
            new Random(size).nextBytes(data);
            MessageCodec.ChunkFrame frame = MessageCodec.chunkFrame(size);
            System.arraycopy(data, 0, frame.bytes(), frame.dataOffset(), size);

            assertThat(frame.bytes())
                    .isEqualTo(MessageCodec.encode(Response.newBuilder()
                            .setData(ByteString.copyFrom(data))
                            .build()));
            assertThat(MessageCodec.decodeResponse(frame.bytes()).getData().toByteArray())
                    .isEqualTo(data);
        }
    }
}
