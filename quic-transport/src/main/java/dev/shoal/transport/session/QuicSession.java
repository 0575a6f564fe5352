package dev.shoal.transport.session;

import dev.shoal.engine.spi.ConnectionStats;
import dev.shoal.engine.spi.DeviceId;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamPriority;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * What is QUIC's own in a session: the QUIC connection, its unidirectional control streams (ours, written with
 * top priority, and the peer's), the bidirectional data lanes, and the byte counters quiche keeps. The session
 * itself (admission, hellos, heartbeat, backpressure) is the transport-neutral {@link Session}.
 *
 * <p>All state is confined to the connection's event loop.
 */
public final class QuicSession implements Carrier {
    public static final AttributeKey<QuicSession> KEY = AttributeKey.valueOf("shoal.session");

    private final QuicChannel channel;
    private final ConnectionMeter meter;
    private final DataLanes lanes;
    private final Session session;
    /** Control frames written before our control stream existed. */
    private final Queue<Pending> pendingOut = new ArrayDeque<>();

    private final SessionHost host;
    /** A TCP bulk lane beside this connection, once one proved itself; requests prefer it while it is up. */
    private volatile TcpSession bulkLane;

    private QuicStreamChannel controlOut;
    /** The peer's control stream once it is open. */
    private Channel controlIn;

    QuicSession(QuicChannel channel, Session.Role role, DeviceId expected, SessionHost host) {
        this.channel = channel;
        this.host = host;
        this.meter = new ConnectionMeter(channel);
        this.lanes = new DataLanes(this, channel, host.settings().dataLanes());
        channel.attr(KEY).set(this);
        this.session = new Session(this, role, expected, host);
    }

    /** The transport-neutral session this connection carries. */
    public Session session() {
        return session;
    }

    int maxFrameSize() {
        return session.maxFrameSize();
    }

    String closeReason() {
        return session.closeReason();
    }

    // ---- Carrier ----

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public String transport() {
        return laneUp() ? "quic+tcp" : "quic";
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public InetSocketAddress liveRemoteAddress() {
        return (InetSocketAddress) channel.remoteSocketAddress();
    }

    @Override
    public Future<?> writeControl(byte type, byte[] body) {
        if (controlOut == null) {
            ChannelPromise taken = channel.newPromise();
            pendingOut.add(new Pending(type, body, taken));
            return taken;
        }
        return controlOut.writeAndFlush(FrameDecoder.frame(controlOut.alloc(), type, body));
    }

    @Override
    public void readControl(boolean on) {
        if (controlIn != null) {
            controlIn.config().setAutoRead(on); // turning it back on reads at once
        }
    }

    /**
     * On the TCP bulk lane while it is up, else on QUIC's data lanes. A request the lane loses (its connection
     * reset, or given up as stalled) goes again on QUIC; one the lane answered, even with an error, does not, so
     * nothing verified is fetched twice.
     */
    @Override
    public CompletableFuture<byte[]> request(byte[] body) {
        TcpSession tcp = bulkLane;
        if (tcp == null || !tcp.isActive()) {
            return lanes.request(body);
        }
        return tcp.request(body)
                .exceptionallyCompose(e -> tcp.isActive() ? CompletableFuture.failedFuture(e) : lanes.request(body));
    }

    @Override
    public boolean takesLanes() {
        return true;
    }

    @Override
    public void laneOffered(byte[] offer) {
        if (offer.length < 2 + 16 || offer.length > 2 + 64) {
            throw new ProtocolException("a lane offer of " + offer.length + " bytes");
        }
        int port = ((offer[0] & 0xff) << 8) | (offer[1] & 0xff);
        InetSocketAddress peer = session.remoteAddress();
        if (port == 0 || peer == null) {
            return;
        }
        byte[] token = java.util.Arrays.copyOfRange(offer, 2, offer.length);
        host.dialLane(session, new InetSocketAddress(peer.getAddress(), port), token);
    }

    @Override
    public boolean attachLane(TcpSession tcp) {
        if (!channel.isActive()) {
            return false;
        }
        TcpSession old = bulkLane;
        bulkLane = tcp;
        if (old != null && old != tcp) {
            old.close(CloseCode.NORMAL, "replaced by a newer lane");
        }
        return true;
    }

    @Override
    public void dropLane(String reason) {
        TcpSession tcp = bulkLane;
        if (tcp != null) {
            tcp.abort(reason);
        }
    }

    /** The connection is gone: so is its lane. */
    void closed() {
        TcpSession tcp = bulkLane;
        if (tcp != null) {
            tcp.close(CloseCode.NORMAL, "its QUIC session closed");
        }
    }

    /** The TCP bulk lane beside this connection, if one is up. */
    boolean laneUp() {
        TcpSession tcp = bulkLane;
        return tcp != null && tcp.isActive();
    }

    @Override
    public CompletableFuture<Void> refreshCounters() {
        return meter.refresh();
    }

    @Override
    public long bytesReceived() {
        return meter.received();
    }

    /** QUIC's counters plus, while one is attached, the bulk lane's (the bytes a status shows are all of it). */
    @Override
    public ConnectionStats stats(double rttMillis) {
        ConnectionStats quic = meter.stats(rttMillis);
        TcpSession tcp = bulkLane;
        if (tcp == null) {
            return quic;
        }
        return new ConnectionStats(
                quic.bytesSent() + tcp.laneBytesSent(),
                quic.bytesReceived() + tcp.laneBytesReceived(),
                rttMillis,
                quic.sendRate(),
                quic.receiveRate());
    }

    @Override
    public void startCounters() {
        meter.start();
    }

    @Override
    public void stopCounters() {
        meter.stop();
    }

    @Override
    public void close(CloseCode code, String reason) {
        TcpSession tcp = bulkLane;
        if (tcp != null) {
            tcp.close(code, reason);
        }
        channel.close(true, code.code, Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8));
    }

    // ---- events from the connection pipeline (event loop) ----

    /** The peer opened its control stream. */
    void controlStreamOpened(Channel stream) {
        controlIn = stream;
        if (session.controlPaused()) {
            stream.config().setAutoRead(false);
        }
    }

    void tlsDone(SslHandshakeCompletionEvent event) {
        if (!event.isSuccess()) {
            session.close(
                    CloseCode.HANDSHAKE_FAILED,
                    "TLS handshake failed: " + event.cause().getMessage());
            return;
        }
        DeviceId peer;
        try {
            Certificate[] chain = channel.sslEngine().getSession().getPeerCertificates();
            peer = DeviceId.ofCertificate(chain[0].getEncoded());
        } catch (Exception e) {
            session.close(CloseCode.HANDSHAKE_FAILED, "no usable peer certificate: " + e.getMessage());
            return;
        }
        if (!session.authenticated(peer)) {
            return;
        }
        channel.createStream(QuicStreamType.UNIDIRECTIONAL, new StreamHandlers.WriteOnly())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        session.close(CloseCode.HANDSHAKE_FAILED, "cannot open the control stream");
                        return;
                    }
                    controlOut = (QuicStreamChannel) f.getNow();
                    // Control messages go first whenever the connection has both kinds of data to send.
                    controlOut.updatePriority(new QuicStreamPriority(0, false));
                    while (!pendingOut.isEmpty()) {
                        Pending p = pendingOut.poll();
                        controlOut
                                .writeAndFlush(FrameDecoder.frame(controlOut.alloc(), p.type(), p.body()))
                                .addListener(w -> {
                                    if (w.isSuccess()) {
                                        p.taken().setSuccess();
                                    } else {
                                        p.taken().setFailure(w.cause());
                                    }
                                });
                    }
                });
    }

    void peerClosed(QuicConnectionCloseEvent event) {
        String reason;
        try {
            reason = new String(event.reason(), StandardCharsets.UTF_8);
        } catch (NullPointerException e) { // a close during the handshake carries no reason
            reason = "(during the handshake; it may be refusing new connections for now)";
        }
        session.closedByPeer(
                event.isApplicationClose()
                        ? "closed by the peer (" + CloseCode.describe(event.error()) + "): " + reason
                        : "closed by the peer's QUIC stack (error " + event.error() + ") " + reason);
    }

    private record Pending(byte type, byte[] body, ChannelPromise taken) {}
}
