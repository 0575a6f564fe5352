package dev.shoal.transport.session;

import dev.shoal.engine.spi.DeviceId;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Who the peer of a session is and whether it may in, whatever transport carries it: the certificate's device
 * (a client checks it is the one it dialled), the hello exchange (protocol version; a server answers only a paired
 * device and reports any other as pending), the handshake deadline, and the pre-admission limits a connection
 * lives under until then. Event loop only, except the peer's name and instance.
 */
final class Admission {
    /** What admission does to its session. */
    interface Outcome {
        void open();

        void refuse(CloseCode code, String reason);
    }

    private final Carrier carrier;
    private final Session.Role role;
    private final DeviceId expected;
    private final SessionHost host;
    private final Session session;
    private final Outcome outcome;
    private final PreAdmission limits;
    private final ScheduledFuture<?> deadline;
    private DeviceId peer;
    private volatile String peerName = "";
    private volatile String peerInstance = "";
    private boolean helloReceived;

    Admission(
            Carrier carrier,
            Session.Role role,
            DeviceId expected,
            SessionHost host,
            Session session,
            BooleanSupplier trusted,
            Outcome outcome) {
        this.carrier = carrier;
        this.role = role;
        this.expected = expected;
        this.host = host;
        this.session = session;
        this.outcome = outcome;
        this.limits = new PreAdmission(
                new PreAdmission.Waiting() {
                    @Override
                    public String opened(InetSocketAddress from) {
                        return host.unadmittedOpened(session, from);
                    }

                    @Override
                    public void closed(InetSocketAddress from) {
                        host.unadmittedClosed(session, from);
                    }
                },
                trusted,
                reason -> outcome.refuse(CloseCode.PROTOCOL_ERROR, reason));
        if (role == Session.Role.SERVER) {
            String refusal = limits.enter(session.remoteAddress());
            if (refusal != null) {
                carrier.eventLoop().execute(() -> outcome.refuse(CloseCode.HANDSHAKE_FAILED, refusal));
            }
        }
        long timeout = host.settings().handshakeTimeout().toMillis();
        deadline = carrier.eventLoop()
                .schedule(
                        () -> outcome.refuse(CloseCode.HANDSHAKE_TIMEOUT, "no handshake within " + timeout + " ms"),
                        timeout,
                        TimeUnit.MILLISECONDS);
    }

    DeviceId peer() {
        return peer;
    }

    String peerName() {
        return peerName;
    }

    String peerInstance() {
        return peerInstance;
    }

    boolean helloReceived() {
        return helloReceived;
    }

    ReadBudget budget() {
        return limits.budget();
    }

    /**
     * TLS is done and the peer presented the certificate of {@code device}. Returns false if that is not the device
     * a client dialled (the session is being closed); a client then sends its hello.
     */
    boolean authenticated(DeviceId device) {
        peer = device;
        if (role == Session.Role.CLIENT && !peer.equals(expected)) {
            outcome.refuse(CloseCode.HANDSHAKE_FAILED, "expected device " + expected + " but this is " + peer);
            return false;
        }
        if (role == Session.Role.CLIENT) {
            carrier.writeControl(ControlType.HELLO, host.localHello().encode());
        }
        return true;
    }

    /** The peer's first control frame, which must be its hello. */
    void hello(Frame frame) {
        if (frame.type() != ControlType.HELLO) {
            throw new ProtocolException("the first control message must be a hello");
        }
        helloReceived = true;
        Hello hello = Hello.decode(frame.body());
        peerName = hello.deviceName();
        peerInstance = hello.instance();
        if (hello.protocolVersion() != Hello.PROTOCOL_VERSION) {
            outcome.refuse(
                    CloseCode.HANDSHAKE_FAILED,
                    "protocol version " + hello.protocolVersion() + " is not supported;"
                            + " this device speaks version " + Hello.PROTOCOL_VERSION
                            + ". Update Shoal on both devices.");
            return;
        }
        if (role == Session.Role.SERVER) {
            if (!host.isPaired(peer)) {
                host.pending(peer, peerName, session.remoteAddress());
                outcome.refuse(CloseCode.HANDSHAKE_FAILED, "this device is not paired with " + peer);
                return;
            }
            carrier.writeControl(ControlType.HELLO, host.localHello().encode());
        }
        done();
        outcome.open();
    }

    /** Admitted or closed: the deadline and the pre-admission limits no longer apply. */
    void done() {
        deadline.cancel(false);
        limits.leave();
    }
}
