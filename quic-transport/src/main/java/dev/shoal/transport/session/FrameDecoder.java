package dev.shoal.transport.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Arrays;

/**
 * Splits a stream into frames of {@code u32 length + payload} and emits each payload as a {@code byte[]}.
 *
 * <p>Bytes are copied once, straight from the QUIC receive buffers into the payload array (no cumulation
 * buffer that is re-grown and re-copied). The length is checked as soon as it is known, and the array grows
 * only as data actually arrives, so announcing a huge frame makes us allocate nothing: memory is bounded by
 * what QUIC flow control lets the peer send.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
    private static final int INITIAL = 64 * 1024;

    private final int maxFrameSize;
    private int headerBytes;
    private int length;
    private byte[] payload;
    private int filled;
    private boolean failed;

    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (in.isReadable() && !failed) {
                if (headerBytes < Integer.BYTES) {
                    length = (length << 8) | in.readUnsignedByte();
                    if (++headerBytes == Integer.BYTES) {
                        startFrame(ctx);
                    }
                    continue;
                }
                int n = Math.min(in.readableBytes(), length - filled);
                if (filled + n > payload.length) {
                    payload = Arrays.copyOf(payload, Math.min(length, Math.max(payload.length * 2, filled + n)));
                }
                in.readBytes(payload, filled, n);
                filled += n;
                if (filled == length) {
                    emit(ctx);
                }
            }
        } finally {
            in.release();
        }
    }

    private void startFrame(ChannelHandlerContext ctx) {
        if (length < 0 || length > maxFrameSize) {
            failed = true;
            throw new ProtocolException(
                    "frame of " + Integer.toUnsignedLong(length) + " bytes exceeds the limit of " + maxFrameSize);
        }
        payload = new byte[Math.min(length, INITIAL)];
        filled = 0;
        if (length == 0) {
            emit(ctx);
        }
    }

    private void emit(ChannelHandlerContext ctx) {
        byte[] frame = payload;
        payload = null;
        headerBytes = 0;
        length = 0;
        filled = 0;
        ctx.fireChannelRead(frame);
    }

    /** A frame ready to write: header and payload in one direct buffer, the form QUIC sends without copying. */
    public static ByteBuf frame(ByteBufAllocator alloc, byte type, byte[] body) {
        ByteBuf buf = alloc.directBuffer(Integer.BYTES + 1 + body.length);
        return buf.writeInt(body.length + 1).writeByte(type).writeBytes(body);
    }
}
