package dev.shoal.transport.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Arrays;

/**
 * Splits a stream into frames of {@code u32 length + type byte + body} and emits each as a {@link Frame}.
 *
 * <p>Bytes are copied once, straight from the QUIC receive buffers into the body array (no cumulation
 * buffer, no copy to strip the type). The length is checked as soon as it is known. On streams the peer
 * opens the array grows only as data actually arrives, so announcing a huge frame makes us allocate nothing:
 * memory is bounded by what QUIC flow control lets the peer send. A response to our own request may be
 * allocated whole up to {@code presize} bytes at once (we chose to ask, and how many at a time), which
 * saves the copies of growing it.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
    private static final int HEADER = Integer.BYTES + 1;
    private static final int INITIAL = 64 * 1024;

    private final int maxFrameSize;
    private final int presize;
    private int headerBytes;
    private int length;
    private byte type;
    private byte[] body;
    private int filled;
    private boolean failed;

    /** A decoder for streams the peer opened: bodies grow as data arrives. */
    public FrameDecoder(int maxFrameSize) {
        this(maxFrameSize, INITIAL);
    }

    public FrameDecoder(int maxFrameSize, int presize) {
        this.maxFrameSize = maxFrameSize;
        this.presize = Math.max(presize, 0);
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
                        checkLength();
                    }
                    continue;
                }
                if (headerBytes < HEADER) {
                    type = in.readByte();
                    headerBytes++;
                    startBody(ctx);
                    continue;
                }
                int size = length - 1;
                int n = Math.min(in.readableBytes(), size - filled);
                if (filled + n > body.length) {
                    body = Arrays.copyOf(body, Math.min(size, Math.max(body.length * 2, filled + n)));
                }
                in.readBytes(body, filled, n);
                filled += n;
                if (filled == size) {
                    emit(ctx);
                }
            }
        } finally {
            in.release();
        }
    }

    private void checkLength() {
        if (length < 0 || length > maxFrameSize) {
            failed = true;
            throw new ProtocolException(
                    "frame of " + Integer.toUnsignedLong(length) + " bytes exceeds the limit of " + maxFrameSize);
        }
        if (length == 0) {
            failed = true;
            throw new ProtocolException("empty frame (no type)");
        }
    }

    private void startBody(ChannelHandlerContext ctx) {
        int size = length - 1;
        body = new byte[Math.min(size, Math.max(presize, Math.min(size, INITIAL)))];
        filled = 0;
        if (size == 0) {
            emit(ctx);
        }
    }

    private void emit(ChannelHandlerContext ctx) {
        Frame frame = new Frame(type, body);
        body = null;
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
