package dev.shoal.transport.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a stream into frames of {@code u32 length + payload} and emits each payload as a {@code byte[]}.
 * The length is checked as soon as its 4 bytes arrive, so an oversized frame is refused before any of it is
 * buffered: a hostile peer cannot make us hold more than {@code maxFrameSize} per stream.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameSize;

    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= Integer.BYTES) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > maxFrameSize) {
                in.skipBytes(in.readableBytes());
                throw new ProtocolException("frame of " + length + " bytes exceeds the limit of " + maxFrameSize);
            }
            if (in.readableBytes() < Integer.BYTES + length) {
                return;
            }
            in.skipBytes(Integer.BYTES);
            byte[] payload = new byte[(int) length];
            in.readBytes(payload);
            out.add(payload);
        }
    }

    /** A frame ready to write: length header and payload, without copying the payload. */
    public static ByteBuf frame(io.netty.buffer.ByteBufAllocator alloc, byte type, byte[] body) {
        ByteBuf header = alloc.buffer(5);
        header.writeInt(body.length + 1).writeByte(type);
        return io.netty.buffer.Unpooled.wrappedBuffer(header, io.netty.buffer.Unpooled.wrappedBuffer(body));
    }
}
