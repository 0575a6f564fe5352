package dev.shoal.transport.session;

import dev.shoal.engine.spi.ConnectionStats;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.transport.TransportException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * What is TCP's own in a session carried over one TLS 1.3 connection (for networks that drop UDP): control frames
 * and request/response frames share the connection, told apart by their request id (0 on control frames). A
 * paused control channel buffers up to {@link #CONTROL_WINDOW} of the peer's control frames and only then stops
 * reading the connection, so data requests keep flowing as they do on QUIC's separate streams. A close carries a
 * code and reason in a last control frame, as QUIC's CONNECTION_CLOSE does. Event loop only.
 */
public final class TcpSession implements Carrier {
    public static final AttributeKey<TcpSession> KEY = AttributeKey.valueOf("shoal.tcp");
    /** A close frame: code byte and reason; the last frame a side sends. */
    static final byte CLOSE = 6;
    /** Peer control bytes held while the engine pauses them, before the connection stops being read. */
    static final int CONTROL_WINDOW = 2 << 20;

    /** A lane that moved no byte while requests waited this long is given up (its requests go to QUIC). */
    static final long STALL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

    private final Channel channel;
    private final TcpMeter counter;
    private final SessionHost host;
    /** Set on a lane this device dials: the token to present, and the session the lane is for. */
    private final byte[] joinToken;

    /** The session this connection is a bulk lane of, once it proved so (event loop only). */
    private Session owner;

    private boolean laneUp;
    private DeviceId peer;
    private final RequestLane lane;
    private final Session session;
    private final Queue<Frame> held = new ArrayDeque<>();
    private int heldBytes;
    private boolean controlOn = true;
    private io.netty.util.concurrent.ScheduledFuture<?> sampler;
    private io.netty.util.concurrent.ScheduledFuture<?> stallCheck;

    TcpSession(
            Channel channel,
            Session.Role role,
            DeviceId expected,
            SessionHost host,
            TcpMeter counter,
            byte[] joinToken,
            Session owner) {
        this.channel = channel;
        this.counter = counter;
        this.host = host;
        this.joinToken = joinToken;
        this.owner = owner;
        this.lane = new RequestLane(channel, () -> session().closeReason());
        channel.attr(KEY).set(this);
        this.session = new Session(this, role, expected, host);
    }

    public Session session() {
        return session;
    }

    /** Whether this connection is a proven bulk lane of another session. */
    boolean isLane() {
        return laneUp;
    }

    /** Lane traffic as of now (any thread; the counters are volatile). */
    long laneBytesSent() {
        return counter.written();
    }

    long laneBytesReceived() {
        return counter.read();
    }

    // ---- Carrier ----

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public String transport() {
        return "tcp";
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public InetSocketAddress liveRemoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public Future<?> writeControl(byte type, byte[] body) {
        return channel.writeAndFlush(FrameDecoder.frame(channel.alloc(), type, 0, body));
    }

    @Override
    public void readControl(boolean on) {
        controlOn = on;
        try {
            while (controlOn && !held.isEmpty()) {
                Frame f = held.poll();
                heldBytes -= f.body().length;
                session.controlFrame(f);
            }
        } catch (RuntimeException e) { // a held frame that breaks the protocol closes the session, as it would have
            session.protocolError(e);
            return;
        }
        if (controlOn && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public CompletableFuture<byte[]> request(byte[] body) {
        return lane.request(body);
    }

    @Override
    public CompletableFuture<Void> refreshCounters() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (channel.eventLoop().inEventLoop()) {
            counter.sample();
            done.complete(null);
        } else {
            channel.eventLoop().execute(() -> {
                counter.sample();
                done.complete(null);
            });
        }
        return done;
    }

    @Override
    public long bytesReceived() {
        return counter.sampledRead();
    }

    @Override
    public ConnectionStats stats(double rttMillis) {
        return counter.stats(rttMillis);
    }

    @Override
    public void startCounters() {
        counter.sample();
        sampler = channel.eventLoop().scheduleAtFixedRate(counter::sample, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void stopCounters() {
        if (sampler != null) {
            sampler.cancel(false);
        }
    }

    @Override
    public void close(CloseCode code, String reason) {
        if (!channel.isActive()) {
            return;
        }
        if (channel.eventLoop().isShuttingDown()) {
            channel.close(); // the process is stopping: no time for a goodbye
            return;
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] body = ByteBuffer.allocate(1 + Math.min(text.length, 1024))
                .put((byte) code.code)
                .put(text, 0, Math.min(text.length, 1024))
                .array();
        channel.writeAndFlush(FrameDecoder.frame(channel.alloc(), CLOSE, 0, body))
                .addListener(f -> closeTls());
    }

    private void closeTls() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null) {
            tls.closeOutbound().addListener(f -> channel.close());
        } else {
            channel.close();
        }
    }

    // ---- events from the pipeline (event loop) ----

    void tlsDone(SslHandshakeCompletionEvent event) {
        if (!event.isSuccess()) {
            session.close(
                    CloseCode.HANDSHAKE_FAILED,
                    "TLS handshake failed: " + event.cause().getMessage());
            return;
        }
        DeviceId peer;
        try {
            Certificate[] chain = channel.pipeline()
                    .get(SslHandler.class)
                    .engine()
                    .getSession()
                    .getPeerCertificates();
            peer = DeviceId.ofCertificate(chain[0].getEncoded());
        } catch (Exception e) {
            session.close(CloseCode.HANDSHAKE_FAILED, "no usable peer certificate: " + e.getMessage());
            return;
        }
        this.peer = peer;
        if (joinToken != null) { // a lane this device dials: no hello, the token instead
            if (!peer.equals(owner.device())) {
                session.close(CloseCode.HANDSHAKE_FAILED, "the lane's device is " + peer + ", not " + owner.device());
                return;
            }
            writeControl(ControlType.LANE_JOIN, joinToken);
            return;
        }
        session.authenticated(peer);
    }

    /** The first frame on an incoming connection was a lane token: it becomes a lane of that token's session. */
    private void join(byte[] token) {
        Session target = peer == null ? null : host.laneJoin(token, peer);
        if (target == null) {
            session.close(CloseCode.HANDSHAKE_FAILED, "unknown, used or expired lane token");
            return;
        }
        becomeLaneOf(target);
        writeControl(ControlType.LANE_ACK, new byte[0]);
    }

    private void becomeLaneOf(Session target) {
        owner = target;
        laneUp = true;
        session.becameLane();
        if (!target.attachLane(this)) {
            session.close(CloseCode.NORMAL, "the session this lane was for is gone");
            return;
        }
        sampler =
                channel.eventLoop().scheduleAtFixedRate(this::checkStall, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Drops the connection at once, as a reset would, without a close frame. */
    void abort(String reason) {
        session.closedByPeer(reason);
        channel.close();
    }

    /** Gives a lane up when requests wait and nothing arrived for a while (a blocked port drops silently). */
    private void checkStall() {
        if (lane.outstanding() > 0 && System.nanoTime() - counter.lastRead() > STALL_NANOS) {
            abort("the bulk lane stalled");
        }
    }

    /** A frame on a lane: requests are served by the owning session, responses answer this device's requests. */
    private void laneFrame(Frame frame) {
        if (frame.id() != 0 && frame.type() == ControlType.REQUEST) {
            owner.serveRequest(channel, frame);
        } else if (frame.id() != 0) {
            lane.answered(frame);
        } else {
            throw new ProtocolException("a control frame of type " + frame.type() + " on a bulk lane");
        }
    }

    void frame(Frame frame) {
        if (frame.id() == 0 && frame.type() == CLOSE) {
            peerClosed(frame.body());
            return;
        }
        if (laneUp) {
            laneFrame(frame);
            return;
        }
        if (joinToken != null) {
            if (frame.id() != 0 || frame.type() != ControlType.LANE_ACK) {
                throw new ProtocolException("a frame before the lane was acknowledged");
            }
            becomeLaneOf(owner);
            return;
        }
        if (frame.id() == 0
                && frame.type() == ControlType.LANE_JOIN
                && session.role() == Session.Role.SERVER
                && !session.helloSeen()
                && owner == null) {
            join(frame.body());
            return;
        }
        if (frame.id() == 0) {
            if (!controlOn && session.admitted()) {
                held.add(frame);
                heldBytes += frame.body().length;
                if (heldBytes > CONTROL_WINDOW) {
                    channel.config().setAutoRead(false); // flow control holds the rest at the peer
                }
                return;
            }
            session.controlFrame(frame);
        } else if (frame.type() == ControlType.REQUEST) {
            session.serveRequest(channel, frame);
        } else {
            lane.answered(frame);
        }
    }

    private void peerClosed(byte[] body) {
        int code = body.length > 0 ? body[0] : 0;
        String reason = body.length > 1 ? new String(body, 1, body.length - 1, StandardCharsets.UTF_8) : "";
        session.closedByPeer("closed by the peer (" + CloseCode.describe(code) + "): " + reason);
        channel.close();
    }

    void inactive() {
        if (stallCheck != null) {
            stallCheck.cancel(false);
        }
        String why = session.closeReason();
        lane.failAll(new TransportException("connection closed" + (why == null ? "" : ": " + why)));
        session.inactive();
        Session of = owner;
        if (laneUp && of != null) {
            of.laneLost();
        }
    }

    /** Reads frames off the connection into the session. */
    static final class Reader extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.channel().attr(KEY).get().frame((Frame) msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent tls) {
                ctx.channel().attr(KEY).get().tlsDone(tls);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            ctx.channel().attr(KEY).get().inactive();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.channel().attr(KEY).get().session().protocolError(StreamHandlers.unwrap(cause));
        }
    }
}
