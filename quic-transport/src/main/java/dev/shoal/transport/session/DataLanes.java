package dev.shoal.transport.session;

import dev.shoal.transport.TransportException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * This device's requests to the peer: a few long-lived bidirectional data streams ("lanes"), each carrying many
 * request frames out and response frames back, matched by request id.
 *
 * <p>Why not a stream per request: each stream costs a Netty channel, its pipeline and quiche's stream state at
 * both ends. With 16 KiB answers (a small file) that made a request take 15-23 % more CPU than on a lane
 * ({@code RequestLatency}, alternating runs). Control messages never travel here.
 *
 * <p>All state is confined to the connection's event loop (stream channels share their parent's).
 */
final class DataLanes {
    /**
     * Lanes opened per connection at most ({@code QuicSettings.dataLanes}), the next one only while every open lane
     * is busy. Two by default: on the transport benchmark (128 KiB answers, 32 in flight, 1 GiB, alternating runs)
     * one or two lanes gave 222-246 MB/s and four 176-216, since quiche then interleaves more streams per packet
     * batch and Netty reads each separately; the second lane keeps one lost packet from holding every answer back.
     */
    private final int maxLanes;
    /** Responses up to this size get their array at once (the largest chunks fit). */
    private static final int RESPONSE_PRESIZE = 2 << 20;

    private final QuicSession session;
    private final QuicChannel channel;
    private final List<Lane> lanes = new ArrayList<>();
    private int nextId;

    DataLanes(QuicSession session, QuicChannel channel, int maxLanes) {
        this.session = session;
        this.channel = channel;
        this.maxLanes = maxLanes;
    }

    CompletableFuture<byte[]> request(byte[] body) {
        CompletableFuture<byte[]> response = new CompletableFuture<>();
        if (channel.eventLoop().inEventLoop()) {
            send(body, response);
        } else {
            channel.eventLoop().execute(() -> send(body, response));
        }
        return response;
    }

    private void send(byte[] body, CompletableFuture<byte[]> response) {
        if (!channel.isActive()) {
            String why = session.closeReason();
            response.completeExceptionally(new TransportException("not connected: " + (why == null ? "closed" : why)));
            return;
        }
        // Ids only need to be unique among a lane's outstanding requests; wrapping after 2^32 is harmless.
        int id = nextId++;
        pick().send(id, body, response);
    }

    /** The idle lane, or a new one while fewer than {@code maxLanes} are open, or else the least loaded. */
    private Lane pick() {
        lanes.removeIf(lane -> lane.closed);
        Lane best = null;
        for (Lane lane : lanes) {
            if (best == null || lane.waiting.size() < best.waiting.size()) {
                best = lane;
            }
        }
        if (best != null && (best.waiting.isEmpty() || lanes.size() >= maxLanes)) {
            return best;
        }
        Lane fresh = new Lane();
        lanes.add(fresh);
        fresh.open();
        return fresh;
    }

    /** One data stream this device opened, with the requests it waits for an answer to. */
    private final class Lane extends ChannelInitializer<QuicStreamChannel> {
        private final Map<Integer, CompletableFuture<byte[]>> waiting = new HashMap<>();
        /** Frames written before the stream existed. */
        private List<ByteBuf> early = new ArrayList<>();

        private QuicStreamChannel stream;
        private boolean closed;

        void open() {
            channel.createStream(QuicStreamType.BIDIRECTIONAL, this).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(new TransportException(
                            "cannot open a data stream: " + f.cause().getMessage()));
                    return;
                }
                stream = (QuicStreamChannel) f.getNow();
                early.forEach(stream::write);
                early = null;
                stream.flush();
            });
        }

        /** Only on an open lane: {@link #pick()} drops closed ones, on this same event-loop turn. */
        void send(int id, byte[] body, CompletableFuture<byte[]> response) {
            waiting.put(id, response);
            if (stream == null) {
                early.add(FrameDecoder.frame(channel.alloc(), ControlType.REQUEST, id, body));
            } else {
                stream.writeAndFlush(FrameDecoder.frame(stream.alloc(), ControlType.REQUEST, id, body));
            }
        }

        @Override
        protected void initChannel(QuicStreamChannel ch) {
            ch.pipeline().addLast(new FrameDecoder(session.maxFrameSize(), RESPONSE_PRESIZE, true), new Reader());
        }

        private void answered(Frame frame) {
            RequestLane.answer(waiting.remove(frame.id()), frame);
        }

        private void fail(Throwable cause) {
            closed = true;
            if (early != null) {
                early.forEach(ByteBuf::release);
                early = null;
            }
            List<CompletableFuture<byte[]>> orphans = new ArrayList<>(waiting.values());
            waiting.clear();
            orphans.forEach(r -> r.completeExceptionally(cause));
        }

        private final class Reader extends ChannelInboundHandlerAdapter {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                answered((Frame) msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                String why = session.closeReason();
                fail(new TransportException("data stream closed without a response" + (why == null ? "" : ": " + why)));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                Throwable unwrapped = StreamHandlers.unwrap(cause);
                fail(unwrapped);
                session.session().protocolError(unwrapped);
            }
        }
    }
}
