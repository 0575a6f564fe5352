package dev.shoal.engine.protocol;

import com.github.luben.zstd.Zstd;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.protocol.wire.Response;

/**
 * Turns protocol messages into transport frames and back. A frame is one flag byte and the protobuf bytes,
 * zstd-compressed when the message is large (index messages of many files shrink several times; small
 * messages are not worth the CPU). Decompression is bounded, so a tiny hostile frame cannot expand into
 * gigabytes.
 */
public final class MessageCodec {
    static final int COMPRESS_ABOVE = 16 * 1024;
    static final int MAX_DECOMPRESSED = 64 << 20;
    private static final byte PLAIN = 0;
    private static final byte ZSTD = 1;
    private static final int LEVEL = 3;

    private MessageCodec() {}

    public static byte[] encode(Envelope message) {
        return frame(message, true);
    }

    public static Envelope decodeEnvelope(byte[] frame) throws WireFormatException {
        try {
            return Envelope.parseFrom(input(frame, false));
        } catch (java.io.IOException e) { // parsing a stream declares IOException; only InvalidProtocolBuffer comes
            throw new WireFormatException("malformed control message: " + e.getMessage(), e);
        }
    }

    public static byte[] encode(Request request) {
        return frame(request, false);
    }

    public static Request decodeRequest(byte[] frame) throws WireFormatException {
        try {
            return Request.parseFrom(input(frame, false));
        } catch (java.io.IOException e) { // parsing a stream declares IOException; only InvalidProtocolBuffer comes
            throw new WireFormatException("malformed request: " + e.getMessage(), e);
        }
    }

    /** Responses carry chunk data, which is mostly incompressible: never compressed. */
    public static byte[] encode(Response response) {
        return frame(response, false);
    }

    /**
     * A frame with the response that carries one whole chunk of {@code size} bytes, the chunk's bytes left for the
     * caller to fill in place from {@code dataOffset}. A sender reads the chunk straight into the frame: built as a
     * {@link Response} it would be one more array and one more copy per chunk served.
     */
    public static ChunkFrame chunkFrame(int size) {
        int header = CodedOutputStream.computeTagSize(Response.DATA_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(size);
        byte[] out = new byte[1 + header + size];
        out[0] = PLAIN;
        try {
            CodedOutputStream stream = CodedOutputStream.newInstance(out, 1, header);
            stream.writeTag(Response.DATA_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            stream.writeUInt32NoTag(size);
            stream.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("protobuf wrote other than its computed header size", e);
        }
        return new ChunkFrame(out, 1 + header);
    }

    /** An encoded chunk response whose data, {@code bytes[dataOffset..]}, the caller fills in. */
    public record ChunkFrame(byte[] bytes, int dataOffset) {}

    public static Response decodeResponse(byte[] frame) throws WireFormatException {
        try {
            return Response.parseFrom(input(frame, true));
        } catch (java.io.IOException e) { // parsing a stream declares IOException; only InvalidProtocolBuffer comes
            throw new WireFormatException("malformed response: " + e.getMessage(), e);
        }
    }

    private static byte[] frame(MessageLite message, boolean mayCompress) {
        int size = message.getSerializedSize();
        if (mayCompress && size > COMPRESS_ABOVE) {
            byte[] body = message.toByteArray();
            byte[] packed = Zstd.compress(body, LEVEL);
            return packed.length < body.length ? withFlag(ZSTD, packed) : withFlag(PLAIN, body);
        }
        // Serialised straight behind the flag byte: a chunk response is not copied once more to make room.
        byte[] out = new byte[size + 1];
        out[0] = PLAIN;
        try {
            CodedOutputStream stream = CodedOutputStream.newInstance(out, 1, size);
            message.writeTo(stream);
            stream.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("protobuf wrote other than its serialized size", e);
        }
        return out;
    }

    private static byte[] withFlag(byte flag, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = flag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /**
     * The protobuf bytes of {@code frame}, read in place. With {@code alias}, bytes fields share the frame's
     * array instead of being copied: right for a chunk response, which is most of its frame, used once and
     * dropped (each frame is a fresh array nobody writes to). Index messages are not aliased, so a record kept
     * for long does not keep its whole frame alive.
     */
    private static CodedInputStream input(byte[] frame, boolean alias) throws WireFormatException {
        if (frame.length == 0) {
            throw new WireFormatException("empty message");
        }
        CodedInputStream in =
                switch (frame[0]) {
                    // Through a wrapped ByteString: only a stream that knows its buffer is immutable aliases
                    // (a plain CodedInputStream.newInstance(array) copies bytes fields even with aliasing on).
                    case PLAIN ->
                        UnsafeByteOperations.unsafeWrap(frame, 1, frame.length - 1)
                                .newCodedInput();
                    case ZSTD ->
                        CodedInputStream.newInstance(decompress(java.util.Arrays.copyOfRange(frame, 1, frame.length)));
                    default -> throw new WireFormatException("unknown message encoding " + frame[0]);
                };
        in.enableAliasing(alias);
        return in;
    }

    private static byte[] decompress(byte[] body) throws WireFormatException {
        try {
            return decompressChecked(body);
        } catch (RuntimeException e) {
            // zstd-jni signals some malformed input with unchecked exceptions (found by WireMessagesFuzzTest).
            throw new WireFormatException("corrupt compressed message: " + e, e);
        }
    }

    private static byte[] decompressChecked(byte[] body) throws WireFormatException {
        if (body.length == 0) {
            throw new WireFormatException("compressed message without a body");
        }
        long size = Zstd.getFrameContentSize(body);
        if (size < 0 || size > MAX_DECOMPRESSED) {
            throw new WireFormatException("compressed message of unknown or excessive size (" + size + " bytes)");
        }
        byte[] out = new byte[(int) size];
        long n = Zstd.decompressByteArray(out, 0, out.length, body, 0, body.length);
        if (Zstd.isError(n) || n != size) {
            throw new WireFormatException("corrupt compressed message: " + Zstd.getErrorName(n));
        }
        return out;
    }
}
