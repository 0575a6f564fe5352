package dev.shoal.transport.session;

import dev.shoal.engine.spi.ConnectionStats;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.transport.TransportException;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session with one device, whatever transport carries it: admission, the hello exchange, heartbeat, control
 * backpressure and the answering of requests. The transport-specific part (sockets, streams, TLS, counters) is
 * its {@link Carrier}.
 *
 * <p>Admission: once TLS is done the peer's {@link DeviceId} is the hash of its certificate. A client checks it
 * is the device it dialled; a server waits for the client's hello, then answers only a paired device (an unknown
 * one is reported as pending and closed without a byte of folder data). Each side considers the session open only
 * once it has the other's hello, because with TLS 1.3 a client with a rejected certificate still sees its
 * handshake "succeed" before being closed.
 *
 * <p>All state is confined to the carrier's event loop; public methods hop onto it.
 */
public final class Session implements PeerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    public enum Role {
        CLIENT,
        SERVER
    }

    private final Carrier carrier;
    private final Role role;
    private final DeviceId expected;
    private final SessionHost host;
    private final CompletableFuture<Session> opened = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final ControlBacklog backlog = new ControlBacklog();
    private final RequestServer server;
    private final Heartbeat heartbeat;
    private final Admission admission;

    private volatile InetSocketAddress remote;
    private volatile boolean open;
    private final ControlInbound inbound;
    private boolean controlPaused;
    /** A TCP bulk lane of another session (event loop only). */
    private boolean lane;

    private final LaneOffers laneOffers;

    private String closeReason;

    Session(Carrier carrier, Role role, DeviceId expected, SessionHost host) {
        this.carrier = carrier;
        this.role = role;
        this.expected = expected;
        this.host = host;
        this.server = new RequestServer(host.settings().maxServing());
        this.inbound = new ControlInbound(carrier);
        this.laneOffers = new LaneOffers(carrier, host, this);
        this.heartbeat = new Heartbeat(host.settings().pingInterval(), new Heartbeat.Link() {
            @Override
            public void sendPing(byte[] body) {
                carrier.writeControl(ControlType.PING, body);
            }

            @Override
            public CompletableFuture<Long> received() {
                return carrier.refreshCounters().thenApply(ignored -> carrier.bytesReceived());
            }

            @Override
            public void dead(String reason) {
                close(CloseCode.NORMAL, reason);
            }
        });
        this.admission = new Admission(carrier, role, expected, host, this, this::trusted, new Admission.Outcome() {
            @Override
            public void open() {
                becomeOpen();
                if (role == Role.SERVER) {
                    host.admitted(Session.this);
                    laneOffers.offer();
                }
            }

            @Override
            public void refuse(CloseCode code, String reason) {
                close(code, reason);
            }
        });
    }

    /**
     * Offers a TCP bulk lane now if this side accepted the session: for sessions admitted before the host's TCP
     * port was up (a daemon accepts QUIC a moment before it listens on TCP), which would otherwise never get one.
     */
    public void offerLaneIfAccepted() {
        if (role == Role.SERVER) {
            carrier.eventLoop().execute(laneOffers::offerIfNone);
        }
    }

    /** Completes once both hellos are exchanged; fails with the reason the session could not open. */
    public CompletableFuture<Session> opened() {
        return opened;
    }

    public Role role() {
        return role;
    }

    /** Which transport carries the session ("quic", "tcp"). */
    @Override
    public String transport() {
        return carrier.transport();
    }

    int maxFrameSize() {
        return host.settings().maxFrameSize();
    }

    /** What this peer may still send before it is admitted, shared by all its streams (event loop only). */
    ReadBudget readBudget() {
        return admission.budget();
    }

    /**
     * Whether the peer may send without the pre-admission budget: once admitted, and on connections this device
     * dialled, whose peer TLS has already shown to be the paired device it meant to reach (its hello and
     * cluster config may arrive together, and a hub's can be large).
     */
    private boolean trusted() {
        return open || role == Role.CLIENT || lane;
    }

    /**
     * This connection turned out to be a bulk lane of another session, which vouched for its peer: no hello, no
     * admission deadline or pre-admission limits, and nothing reported to the host when it closes.
     */
    void becameLane() {
        lane = true;
        admission.done();
    }

    /** This session's lane is gone (reset, stalled, or the network moved); any thread. */
    void laneLost() {
        if (role == Role.SERVER) {
            carrier.eventLoop().execute(laneOffers::lost);
        }
    }

    /** Whether the peer's hello arrived (a connection that sent one cannot become a lane any more). */
    boolean helloSeen() {
        return admission.helloReceived();
    }

    /** Closes this session's TCP bulk lane, if it has one, as a reset would; its requests go on over QUIC. */
    public void dropLane(String reason) {
        carrier.eventLoop().execute(() -> carrier.dropLane(reason));
    }

    /** A lane of this session proved itself; false if the carrier takes none (the lane is then closed). */
    boolean attachLane(TcpSession tcp) {
        return open && carrier.attachLane(tcp);
    }

    // ---- PeerConnection ----

    @Override
    public DeviceId device() {
        return admission.peer();
    }

    @Override
    public String deviceName() {
        return admission.peerName();
    }

    @Override
    public String peerInstance() {
        return admission.peerInstance();
    }

    /** The peer's address; still known after the connection closed (status displays ask then too). */
    @Override
    public InetSocketAddress remoteAddress() {
        InetSocketAddress live = carrier.liveRemoteAddress();
        if (live != null) {
            remote = live;
        }
        return remote;
    }

    @Override
    public void sendControl(byte[] message) {
        backlog.queued(message.length);
        carrier.eventLoop().execute(() -> {
            // The write completes once the transport holds the bytes, which it takes only as the peer's
            // flow-control window opens: so the backlog measures how far the sender is ahead of the peer.
            carrier.writeControl(ControlType.MESSAGE, message).addListener(f -> backlog.taken(message.length));
        });
    }

    @Override
    public void offerCandidates(List<InetSocketAddress> candidates) {
        byte[] body = Candidates.encode(candidates);
        carrier.eventLoop().execute(() -> carrier.writeControl(ControlType.CANDIDATES, body));
    }

    @Override
    public void whenControlBacklogBelow(long bytes, Runnable then) {
        carrier.eventLoop().execute(() -> backlog.whenBelow(bytes, then, !carrier.isActive()));
    }

    @Override
    public long controlBacklog() {
        return backlog.bytes();
    }

    @Override
    public void pauseControlMessages(boolean paused) {
        carrier.eventLoop().execute(() -> {
            controlPaused = paused;
            carrier.readControl(!paused);
        });
    }

    /** Whether both hellos are exchanged and the session not closed since. */
    boolean admitted() {
        return open;
    }

    /** Whether the engine asked to stop reading the peer's control messages (event loop only). */
    boolean controlPaused() {
        return controlPaused;
    }

    @Override
    public CompletableFuture<byte[]> request(byte[] request) {
        if (!open) {
            return CompletableFuture.failedFuture(new TransportException("not connected to " + admission.peer()));
        }
        return carrier.request(request);
    }

    @Override
    public void setHandler(PeerHandler h) {
        carrier.eventLoop().execute(() -> inbound.setHandler(h));
    }

    /**
     * Current counters. Off the event loop (API and UI threads) this asks the transport for fresh numbers, waiting
     * at most a second, so a script reading status right after a transfer sees it; on the event loop it returns
     * the last periodic sample rather than block.
     */
    @Override
    public ConnectionStats stats() {
        if (!carrier.eventLoop().inEventLoop() && carrier.isActive()) {
            try {
                carrier.refreshCounters().get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // fall back to the last sample
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return carrier.stats(heartbeat.rttMillis());
    }

    /** Fresh statistics from the transport (bytes on the wire), rather than the last periodic sample. */
    public CompletableFuture<ConnectionStats> refreshStats() {
        return carrier.refreshCounters().thenApply(ignored -> carrier.stats(heartbeat.rttMillis()));
    }

    @Override
    public boolean outgoing() {
        return role == Role.CLIENT;
    }

    @Override
    public void onClose(Consumer<String> callback) {
        closed.thenAccept(callback);
    }

    @Override
    public boolean isOpen() {
        return open && carrier.isActive();
    }

    @Override
    public void close(String reason) {
        close(CloseCode.NORMAL, reason);
    }

    public void close(CloseCode code, String reason) {
        if (!carrier.eventLoop().inEventLoop()) {
            carrier.eventLoop().execute(() -> close(code, reason));
            return;
        }
        if (closeReason == null) {
            closeReason = "closed by this device (" + CloseCode.describe(code.code) + "): " + reason;
        }
        if (code != CloseCode.NORMAL) {
            DeviceId peer = admission.peer();
            LOG.debug("closing {} to {}: {}", role, peer == null ? remoteAddress() : peer, closeReason);
        }
        if (!opened.isDone()) {
            // A connection that never got established may never report itself inactive.
            opened.completeExceptionally(new TransportException(closeReason));
        }
        // One last sample first, so the byte counters of a closed connection are complete.
        carrier.refreshCounters().whenComplete((ignored, error) -> carrier.close(code, reason));
    }

    /** How many of the peer's requests this device has taken in and not yet wholly answered. */
    public CompletableFuture<Integer> requestsBeingServed() {
        return CompletableFuture.supplyAsync(server::serving, carrier.eventLoop());
    }

    public String closeReason() {
        return closeReason;
    }

    // ---- events from the carrier (event loop) ----

    /**
     * TLS is done and the peer presented the certificate of {@code device}. Returns false if the session was closed
     * because that is not the device dialled; a client then sends its hello.
     */
    boolean authenticated(DeviceId device) {
        remoteAddress(); // remember it while the connection still knows it
        return admission.authenticated(device);
    }

    void controlFrame(Frame frame) {
        byte type = frame.type();
        byte[] body = frame.body();
        if (!admission.helloReceived()) {
            admission.hello(frame);
            return;
        }
        if (type == ControlType.PONG) {
            heartbeat.pong(body);
        } else if (type == ControlType.CANDIDATES) {
            if (!open) {
                throw new ProtocolException("candidates before the hellos");
            }
            host.candidatesOffered(this, Candidates.decode(body));
        } else if (type == ControlType.LANE_OFFER) {
            if (!open || role != Role.CLIENT) {
                throw new ProtocolException("a lane offer from the device that dialled, or before the hellos");
            }
            carrier.laneOffered(body);
        } else {
            inbound.frame(type, body, open);
        }
    }

    /** A request arrived on a data lane the peer opened. */
    void serveRequest(Channel lane, Frame frame) {
        if (!open) {
            throw new ProtocolException("request before the session was open");
        }
        server.serve(lane, frame, inbound.handler());
    }

    void protocolError(Throwable cause) {
        String message = cause instanceof ProtocolException ? cause.getMessage() : "stream failed: " + cause;
        close(CloseCode.PROTOCOL_ERROR, message);
    }

    /** The peer closed the connection and said why (kept unless this device closed it first). */
    void closedByPeer(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    /** The connection is gone. */
    void inactive() {
        admission.done();
        if (lane) {
            closed.complete(closeReason != null ? closeReason : "lane closed");
            return;
        }
        heartbeat.stop();
        String reason = closeReason != null ? closeReason : "connection lost";
        boolean wasOpen = open;
        open = false;
        carrier.stopCounters();
        backlog.closed();
        if (!opened.isDone()) {
            opened.completeExceptionally(new TransportException(reason));
        }
        if (wasOpen) {
            PeerHandler h = inbound.handler();
            if (h != null) {
                h.closed(reason);
            }
            host.closed(this);
        }
        closed.complete(reason);
    }

    private void becomeOpen() {
        open = true;
        heartbeat.start(carrier.eventLoop());
        carrier.startCounters();
        opened.complete(this);
    }
}
