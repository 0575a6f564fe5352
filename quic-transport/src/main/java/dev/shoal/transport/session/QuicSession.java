package dev.shoal.transport.session;

import dev.shoal.engine.protocol.DeviceId;
import dev.shoal.engine.spi.ConnectionStats;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.transport.TransportException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamPriority;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One QUIC connection with a device, from TLS handshake to close.
 *
 * <p>Admission: after TLS the peer's {@link DeviceId} is the hash of its certificate. A client checks it is the
 * device it dialled; a server waits for the client's hello, then answers only a paired device (an unknown one
 * is reported as pending and closed without a byte of folder data). Each side considers the session open only
 * once it has the other's hello, because with TLS 1.3 a client with a rejected certificate still sees its
 * handshake "succeed" before being closed.
 *
 * <p>All state is confined to the connection's event loop; public methods hop onto it.
 */
public final class QuicSession implements PeerConnection {
    public static final AttributeKey<QuicSession> KEY = AttributeKey.valueOf("shoal.session");
    private static final Logger LOG = LoggerFactory.getLogger(QuicSession.class);
    private static final PeerHandler NO_HANDLER = null;
    /** A ping's body is the sender's 8-byte clock; anything else is a protocol error, not something to echo. */
    static final int PING_BYTES = Long.BYTES;

    public enum Role {
        CLIENT,
        SERVER
    }

    private final QuicChannel channel;
    private final Role role;
    private final DeviceId expected;
    private final SessionHost host;
    private final CompletableFuture<QuicSession> opened = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final Queue<Pending> pendingOut = new ArrayDeque<>();
    private final Queue<byte[]> pendingIn = new ArrayDeque<>();
    private final ControlBacklog backlog = new ControlBacklog();

    private final ConnectionMeter meter;
    private final DataLanes lanes;
    private final RequestServer server = new RequestServer();

    private DeviceId peer;
    private volatile String peerName = "";
    private volatile String peerInstance = "";
    private boolean helloReceived;
    private volatile boolean open;
    private QuicStreamChannel controlOut;
    /** The peer's control stream once it is open, and whether reading it is paused (event loop only). */
    private io.netty.channel.Channel controlIn;

    private boolean controlInPaused;
    private volatile PeerHandler handler = NO_HANDLER;
    private String closeReason;
    private ScheduledFuture<?> handshakeTimer;
    private final Heartbeat heartbeat;
    private volatile InetSocketAddress remote;
    private final PreAdmission preAdmission;
    /** A pong is written and not yet taken by the transport: another ping waits for it (event loop only). */
    private boolean pongInFlight;

    public QuicSession(QuicChannel channel, Role role, DeviceId expected, SessionHost host) {
        this.channel = channel;
        this.role = role;
        this.expected = expected;
        this.host = host;
        this.meter = new ConnectionMeter(channel);
        this.lanes = new DataLanes(this, channel);
        this.heartbeat = new Heartbeat(host.settings().pingInterval(), new Heartbeat.Link() {
            @Override
            public void sendPing(byte[] body) {
                writeControl(ControlType.PING, body);
            }

            @Override
            public CompletableFuture<Long> received() {
                // The meter's fresh sample (it completes on this event loop) says whether any bytes came in.
                return meter.refresh().thenApply(ignored -> meter.received());
            }

            @Override
            public void dead(String reason) {
                close(CloseCode.NORMAL, reason);
            }
        });
        channel.attr(KEY).set(this);
        this.preAdmission = new PreAdmission(
                new PreAdmission.Waiting() {
                    @Override
                    public String opened(InetSocketAddress from) {
                        return host.unadmittedOpened(QuicSession.this, from);
                    }

                    @Override
                    public void closed(InetSocketAddress from) {
                        host.unadmittedClosed(QuicSession.this, from);
                    }
                },
                this::trusted,
                reason -> close(CloseCode.PROTOCOL_ERROR, reason));
        if (role == Role.SERVER) {
            String refusal = preAdmission.enter(remoteAddress());
            if (refusal != null) {
                channel.eventLoop().execute(() -> close(CloseCode.HANDSHAKE_FAILED, refusal));
            }
        }
        long timeout = host.settings().handshakeTimeout().toMillis();
        handshakeTimer = channel.eventLoop()
                .schedule(
                        () -> close(CloseCode.HANDSHAKE_TIMEOUT, "no handshake within " + timeout + " ms"),
                        timeout,
                        TimeUnit.MILLISECONDS);
    }

    /** Completes once both hellos are exchanged; fails with the reason the session could not open. */
    public CompletableFuture<QuicSession> opened() {
        return opened;
    }

    public Role role() {
        return role;
    }

    int maxFrameSize() {
        return host.settings().maxFrameSize();
    }

    /** What this peer may still send before it is admitted, shared by all its streams (event loop only). */
    ReadBudget readBudget() {
        return preAdmission.budget();
    }

    /**
     * Whether the peer may send without the pre-admission budget: once admitted, and on connections this device
     * dialled, whose peer TLS has already shown to be the paired device it meant to reach (its hello and
     * cluster config may arrive together, and a hub's can be large).
     */
    private boolean trusted() {
        return open || role == Role.CLIENT;
    }

    // ---- PeerConnection ----

    @Override
    public DeviceId device() {
        return peer;
    }

    @Override
    public String deviceName() {
        return peerName;
    }

    @Override
    public String peerInstance() {
        return peerInstance;
    }

    /** The peer's address; still known after the connection closed (status displays ask then too). */
    @Override
    public InetSocketAddress remoteAddress() {
        InetSocketAddress live = (InetSocketAddress) channel.remoteSocketAddress();
        if (live != null) {
            remote = live;
        }
        return remote;
    }

    @Override
    public void sendControl(byte[] message) {
        backlog.queued(message.length);
        channel.eventLoop().execute(() -> writeControl(ControlType.MESSAGE, message));
    }

    @Override
    public void whenControlBacklogBelow(long bytes, Runnable then) {
        channel.eventLoop().execute(() -> backlog.whenBelow(bytes, then, !channel.isActive()));
    }

    @Override
    public long controlBacklog() {
        return backlog.bytes();
    }

    @Override
    public void pauseControlMessages(boolean paused) {
        channel.eventLoop().execute(() -> {
            controlInPaused = paused;
            if (controlIn != null) {
                controlIn.config().setAutoRead(!paused); // turning it back on reads at once
            }
        });
    }

    /** The peer opened its control stream (event loop). */
    void controlStreamOpened(io.netty.channel.Channel stream) {
        controlIn = stream;
        if (controlInPaused) {
            stream.config().setAutoRead(false);
        }
    }

    @Override
    public CompletableFuture<byte[]> request(byte[] request) {
        if (!open) {
            return CompletableFuture.failedFuture(new TransportException("not connected to " + peer));
        }
        return lanes.request(request);
    }

    @Override
    public void setHandler(PeerHandler h) {
        channel.eventLoop().execute(() -> {
            handler = h;
            while (!pendingIn.isEmpty()) {
                h.control(pendingIn.poll());
            }
        });
    }

    /**
     * Current counters. Off the event loop (API and UI threads) this asks the QUIC stack for fresh numbers,
     * waiting at most a second, so a script reading status right after a transfer sees it; on the event loop it
     * returns the last periodic sample rather than block.
     */
    @Override
    public ConnectionStats stats() {
        if (!channel.eventLoop().inEventLoop() && channel.isActive()) {
            try {
                meter.refresh().get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // fall back to the last sample
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return meter.stats(heartbeat.rttMillis());
    }

    /** Fresh statistics from the QUIC stack (bytes on the wire), rather than the last periodic sample. */
    public CompletableFuture<ConnectionStats> refreshStats() {
        return meter.refresh().thenApply(ignored -> meter.stats(heartbeat.rttMillis()));
    }

    @Override
    public boolean outgoing() {
        return role == Role.CLIENT;
    }

    @Override
    public void onClose(java.util.function.Consumer<String> callback) {
        closed.thenAccept(callback);
    }

    @Override
    public boolean isOpen() {
        return open && channel.isActive();
    }

    @Override
    public void close(String reason) {
        close(CloseCode.NORMAL, reason);
    }

    public void close(CloseCode code, String reason) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> close(code, reason));
            return;
        }
        if (closeReason == null) {
            closeReason = "closed by this device (" + CloseCode.describe(code.code) + "): " + reason;
        }
        if (code != CloseCode.NORMAL) {
            LOG.debug("closing {} to {}: {}", role, peer == null ? remoteAddress() : peer, closeReason);
        }
        if (!opened.isDone()) {
            // A connection that never got established may never report itself inactive.
            opened.completeExceptionally(new TransportException(closeReason));
        }
        // One last sample first, so the byte counters of a closed connection are complete.
        meter.refresh()
                .whenComplete((ignored, error) ->
                        channel.close(true, code.code, Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8)));
    }

    // ---- events from the connection pipeline (event loop) ----

    void tlsDone(SslHandshakeCompletionEvent event) {
        if (!event.isSuccess()) {
            close(
                    CloseCode.HANDSHAKE_FAILED,
                    "TLS handshake failed: " + event.cause().getMessage());
            return;
        }
        remoteAddress(); // remember it while the channel still knows it
        try {
            Certificate[] chain = channel.sslEngine().getSession().getPeerCertificates();
            peer = DeviceId.ofCertificate(chain[0].getEncoded());
        } catch (Exception e) {
            close(CloseCode.HANDSHAKE_FAILED, "no usable peer certificate: " + e.getMessage());
            return;
        }
        if (role == Role.CLIENT && !peer.equals(expected)) {
            close(CloseCode.HANDSHAKE_FAILED, "expected device " + expected + " but this is " + peer);
            return;
        }
        channel.createStream(QuicStreamType.UNIDIRECTIONAL, new StreamHandlers.WriteOnly())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        close(CloseCode.HANDSHAKE_FAILED, "cannot open the control stream");
                        return;
                    }
                    controlOut = (QuicStreamChannel) f.getNow();
                    // Control messages go first whenever the connection has both kinds of data to send.
                    controlOut.updatePriority(new QuicStreamPriority(0, false));
                    if (role == Role.CLIENT) {
                        writeControl(ControlType.HELLO, host.localHello().encode());
                    }
                    flushPendingOut();
                });
    }

    void controlFrame(Frame frame) {
        byte type = frame.type();
        byte[] body = frame.body();
        if (!helloReceived) {
            if (type != ControlType.HELLO) {
                throw new ProtocolException("the first control message must be a hello");
            }
            helloReceived = true;
            receivedHello(Hello.decode(body));
            return;
        }
        switch (type) {
            case ControlType.MESSAGE -> {
                if (!open) {
                    throw new ProtocolException("message before the session was open");
                }
                PeerHandler h = handler;
                if (h == null) {
                    pendingIn.add(body);
                } else {
                    h.control(body);
                }
            }
            case ControlType.PING -> {
                if (body.length != PING_BYTES) {
                    throw new ProtocolException("a ping of " + body.length + " bytes (pings are " + PING_BYTES + ")");
                }
                answerPing(body);
            }
            case ControlType.PONG -> heartbeat.pong(body);
            default -> throw new ProtocolException("unknown control message type " + type);
        }
    }

    private void receivedHello(Hello hello) {
        peerName = hello.deviceName();
        peerInstance = hello.instance();
        if (hello.protocolVersion() != Hello.PROTOCOL_VERSION) {
            close(
                    CloseCode.HANDSHAKE_FAILED,
                    "protocol version " + hello.protocolVersion() + " is not supported;"
                            + " this device speaks version " + Hello.PROTOCOL_VERSION
                            + ". Update Shoal on both devices.");
            return;
        }
        if (role == Role.SERVER) {
            if (!host.isPaired(peer)) {
                host.pending(peer, peerName, remoteAddress());
                close(CloseCode.HANDSHAKE_FAILED, "this device is not paired with " + peer);
                return;
            }
            writeControl(ControlType.HELLO, host.localHello().encode());
            becomeOpen();
            host.admitted(this);
        } else {
            becomeOpen();
        }
    }

    /**
     * Answers a ping unless the last answer is still waiting for the peer to take it: a peer that pings and
     * never reads gets no more than one pong queued, whatever it sends.
     */
    private void answerPing(byte[] body) {
        if (pongInFlight || controlOut == null) {
            return;
        }
        pongInFlight = true;
        controlOut
                .writeAndFlush(FrameDecoder.frame(controlOut.alloc(), ControlType.PONG, body))
                .addListener(f -> pongInFlight = false);
    }

    private void becomeOpen() {
        open = true;
        preAdmission.leave();
        handshakeTimer.cancel(false);
        heartbeat.start(channel.eventLoop());
        meter.start();
        opened.complete(this);
    }

    /** A request arrived on a data stream the peer opened. */
    void serveRequest(QuicStreamChannel stream, Frame frame) {
        if (!open) {
            throw new ProtocolException("request before the session was open");
        }
        server.serve(stream, frame, handler);
    }

    void protocolError(Throwable cause) {
        String message = cause instanceof ProtocolException ? cause.getMessage() : "stream failed: " + cause;
        close(CloseCode.PROTOCOL_ERROR, message);
    }

    void peerClosed(QuicConnectionCloseEvent event) {
        if (closeReason == null) {
            String reason;
            try {
                reason = new String(event.reason(), StandardCharsets.UTF_8);
            } catch (NullPointerException e) { // a close during the handshake carries no reason
                reason = "(during the handshake; it may be refusing new connections for now)";
            }
            closeReason = event.isApplicationClose()
                    ? "closed by the peer (" + CloseCode.describe(event.error()) + "): " + reason
                    : "closed by the peer's QUIC stack (error " + event.error() + ") " + reason;
        }
    }

    void inactive() {
        handshakeTimer.cancel(false);
        preAdmission.leave();
        heartbeat.stop();
        String reason = closeReason != null ? closeReason : "connection lost";
        boolean wasOpen = open;
        open = false;
        meter.stop();
        backlog.closed();
        if (!opened.isDone()) {
            opened.completeExceptionally(new TransportException(reason));
        }
        if (wasOpen) {
            PeerHandler h = handler;
            if (h != null) {
                h.closed(reason);
            }
            host.closed(this);
        }
        closed.complete(reason);
    }

    /** How many of the peer's requests this device has taken in and not yet wholly answered. */
    public CompletableFuture<Integer> requestsBeingServed() {
        return CompletableFuture.supplyAsync(server::serving, channel.eventLoop());
    }

    public String closeReason() {
        return closeReason;
    }

    // ---- control stream writes (event loop) ----

    private void writeControl(byte type, byte[] body) {
        if (controlOut == null) {
            pendingOut.add(new Pending(type, body));
            return;
        }
        var written = controlOut.writeAndFlush(FrameDecoder.frame(controlOut.alloc(), type, body));
        if (type == ControlType.MESSAGE) {
            // The write completes once quiche holds the bytes, which it takes only as the peer's flow-control
            // window opens: so the backlog measures how far the sender is ahead of the peer.
            written.addListener(f -> backlog.taken(body.length));
        }
    }

    private void flushPendingOut() {
        while (!pendingOut.isEmpty()) {
            Pending p = pendingOut.poll();
            writeControl(p.type(), p.body());
        }
    }

    private record Pending(byte type, byte[] body) {}
}
