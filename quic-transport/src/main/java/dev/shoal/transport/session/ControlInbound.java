package dev.shoal.transport.session;

import dev.shoal.engine.spi.PeerHandler;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The peer's control frames after its hello: messages go to the engine's handler (held until one is set), pings
 * are answered. Event loop only, apart from {@link #handler()}.
 */
final class ControlInbound {
    /** A ping's body is the sender's 8-byte clock; anything else is a protocol error, not something to echo. */
    static final int PING_BYTES = Long.BYTES;

    private final Carrier carrier;
    private final Queue<byte[]> pending = new ArrayDeque<>();
    private volatile PeerHandler handler;
    /** A pong is written and not yet taken by the transport: another ping waits for it. */
    private boolean pongInFlight;

    ControlInbound(Carrier carrier) {
        this.carrier = carrier;
    }

    PeerHandler handler() {
        return handler;
    }

    void setHandler(PeerHandler h) {
        handler = h;
        while (!pending.isEmpty()) {
            h.control(pending.poll());
        }
    }

    /** A message or a ping; {@code open}: whether both hellos are exchanged. */
    void frame(byte type, byte[] body, boolean open) {
        switch (type) {
            case ControlType.MESSAGE -> {
                if (!open) {
                    throw new ProtocolException("message before the session was open");
                }
                PeerHandler h = handler;
                if (h == null) {
                    pending.add(body);
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
            default -> throw new ProtocolException("unknown control message type " + type);
        }
    }

    /**
     * Answers a ping unless the last answer is still waiting for the peer to take it: a peer that pings and never
     * reads gets no more than one pong queued, whatever it sends.
     */
    private void answerPing(byte[] body) {
        if (pongInFlight) {
            return;
        }
        pongInFlight = true;
        carrier.writeControl(ControlType.PONG, body).addListener(f -> pongInFlight = false);
    }
}
