package dev.shoal.transport.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Arrays;

/**
 * Splits a stream into frames of {@code u32 length + type byte + body} and emits each as a {@link Frame}. On
 * data streams ({@code tagged}) a {@code u32} request id follows the type, so that many requests and their
 * responses can share one stream; the length then counts type, id and body.
 *
 * <p>Bytes are copied once, straight from the QUIC receive buffers into the body array (no cumulation
 * buffer, no copy to strip the type). The length is checked as soon as it is known. On streams the peer
 * opens the array grows only as data actually arrives, so announcing a huge frame makes us allocate nothing:
 * memory is bounded by what QUIC flow control lets the peer send. A response to our own request may be
 * allocated whole up to {@code presize} bytes at once (we chose to ask, and how many at a time), which
 * saves the copies of growing it.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
    private static final int INITIAL = 64 * 1024;

    /** A body's first allocation while the peer is not admitted yet: it grows only as its data arrives. */
    private static final int INITIAL_UNADMITTED = 1024;

    private final int maxFrameSize;
    private final ReadBudget budget;
    private final int presize;
    private final int header;
    private int headerBytes;
    private int length;
    private byte type;
    private int id;
    private byte[] body;
    private int filled;
    private boolean failed;

    /** A decoder for streams the peer opened: bodies grow as data arrives. */
    public FrameDecoder(int maxFrameSize) {
        this(maxFrameSize, INITIAL);
    }

    public FrameDecoder(int maxFrameSize, int presize) {
        this(maxFrameSize, presize, false);
    }

    /** @param tagged frames carry a request id after their type (data streams) */
    public FrameDecoder(int maxFrameSize, int presize, boolean tagged) {
        this(maxFrameSize, presize, tagged, ReadBudget.UNLIMITED);
    }

    /** @param budget what the peer may send before it is admitted (frames larger than that are refused) */
    public FrameDecoder(int maxFrameSize, int presize, boolean tagged, ReadBudget budget) {
        this.maxFrameSize = maxFrameSize;
        this.budget = budget;
        this.presize = Math.max(presize, 0);
        this.header = Integer.BYTES + 1 + (tagged ? Integer.BYTES : 0);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!budget.spend(in.readableBytes())) {
                failed = true; // the session is closing the connection
                return;
            }
            while (in.isReadable() && !failed) {
                if (headerBytes < Integer.BYTES) {
                    length = (length << 8) | in.readUnsignedByte();
                    if (++headerBytes == Integer.BYTES) {
                        checkLength();
                    }
                    continue;
                }
                if (headerBytes == Integer.BYTES) {
                    type = in.readByte();
                } else if (headerBytes < header) {
                    id = (id << 8) | in.readUnsignedByte();
                }
                if (headerBytes < header) {
                    if (++headerBytes == header) {
                        startBody(ctx);
                    }
                    continue;
                }
                int size = bodySize();
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
        int allowed = budget.remaining();
        if (length > allowed) {
            failed = true;
            throw new ProtocolException("frame of " + length + " bytes from a device that is not admitted yet (at most "
                    + allowed + " more bytes before its hello is accepted)");
        }
        if (length == 0) {
            failed = true;
            throw new ProtocolException("empty frame (no type)");
        }
        if (length < header - Integer.BYTES) {
            failed = true;
            throw new ProtocolException("frame of " + length + " bytes is too short for a request id");
        }
    }

    private int bodySize() {
        return length - (header - Integer.BYTES);
    }

    private void startBody(ChannelHandlerContext ctx) {
        int size = bodySize();
        int initial = budget.remaining() == Integer.MAX_VALUE
                ? Math.max(presize, Math.min(size, INITIAL))
                : INITIAL_UNADMITTED;
        body = new byte[Math.min(size, initial)];
        filled = 0;
        if (size == 0) {
            emit(ctx);
        }
    }

    private void emit(ChannelHandlerContext ctx) {
        Frame frame = new Frame(type, id, body);
        body = null;
        headerBytes = 0;
        length = 0;
        id = 0;
        filled = 0;
        ctx.fireChannelRead(frame);
    }

    /** A frame ready to write: header and payload in one direct buffer, the form QUIC sends without copying. */
    public static ByteBuf frame(ByteBufAllocator alloc, byte type, byte[] body) {
        ByteBuf buf = alloc.directBuffer(Integer.BYTES + 1 + body.length);
        return buf.writeInt(body.length + 1).writeByte(type).writeBytes(body);
    }

    /** A frame of a data stream, tagged with the request it asks or answers. */
    public static ByteBuf frame(ByteBufAllocator alloc, byte type, int id, byte[] body) {
        ByteBuf buf = alloc.directBuffer(Integer.BYTES * 2 + 1 + body.length);
        return buf.writeInt(body.length + 1 + Integer.BYTES)
                .writeByte(type)
                .writeInt(id)
                .writeBytes(body);
    }
}
