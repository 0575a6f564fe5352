package dev.shoal.transport.nat;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Requests to a TURN server and their answers: retransmission over UDP, the long-term credential exchange (the
 * first request is answered 401 with a realm and nonce, then everything is signed; a stale nonce is replaced),
 * and the integrity check of every answer to a signed request. Event loop only.
 */
final class TurnTransactions {
    static final long[] RETRANSMIT_MS = {0, 500, 1500, 3500};
    static final long GIVE_UP_MS = 7500;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TurnClient.Server server;
    private final Channel channel;
    private final Map<ByteBuffer, Transaction> waiting = new HashMap<>();
    private String realm;
    private byte[] nonce;
    private byte[] key;

    private static final class Transaction {
        final int method;
        final Consumer<StunMessage.Builder> attributes;
        final BiConsumer<StunMessage, String> done;
        final List<ScheduledFuture<?>> sends = new ArrayList<>();
        int attempts;

        Transaction(int method, Consumer<StunMessage.Builder> attributes, BiConsumer<StunMessage, String> done) {
            this.method = method;
            this.attributes = attributes;
            this.done = done;
        }
    }

    TurnTransactions(TurnClient.Server server, Channel channel) {
        this.server = server;
        this.channel = channel;
    }

    /** Sends a request; {@code done} gets the success answer, or null and why there is none. */
    void request(int method, Consumer<StunMessage.Builder> attributes, BiConsumer<StunMessage, String> done) {
        send(new Transaction(method, attributes, done));
    }

    private void send(Transaction t) {
        t.attempts++;
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        StunMessage.Builder b = new StunMessage.Builder(t.method, StunMessage.REQUEST, tx);
        t.attributes.accept(b);
        if (key != null) {
            b.addText(StunMessage.USERNAME, server.user())
                    .addText(StunMessage.REALM, realm)
                    .add(StunMessage.NONCE, nonce);
        }
        byte[] message = b.build(key);
        ByteBuffer id = ByteBuffer.wrap(tx);
        waiting.put(id, t);
        for (long delay : RETRANSMIT_MS) {
            t.sends.add(channel.eventLoop()
                    .schedule(
                            () -> channel.writeAndFlush(
                                    new DatagramPacket(Unpooled.wrappedBuffer(message), server.address())),
                            delay,
                            TimeUnit.MILLISECONDS));
        }
        channel.eventLoop()
                .schedule(
                        () -> {
                            if (waiting.remove(id) == t) {
                                t.done.accept(null, "no answer within " + GIVE_UP_MS / 1000 + " s");
                            }
                        },
                        GIVE_UP_MS,
                        TimeUnit.MILLISECONDS);
    }

    private void answered(Transaction t, StunMessage m, ByteBuffer raw) {
        if (m.messageClass() == StunMessage.SUCCESS) {
            if (key != null && !m.integrityValid(raw, key)) {
                t.done.accept(null, "an answer that failed its integrity check");
            } else {
                t.done.accept(m, null);
            }
            return;
        }
        int code = m.errorCode();
        StunMessage.Attribute r = m.attribute(StunMessage.REALM);
        StunMessage.Attribute n = m.attribute(StunMessage.NONCE);
        boolean challenge = (code == 401 && key == null || code == 438) && r != null && n != null;
        if (challenge && t.attempts < 3) {
            realm = r.text();
            nonce = n.bytes();
            key = StunMessage.longTermKey(server.user(), realm, server.password());
            send(t);
            return;
        }
        if (code == 401 && r != null && n != null && t.attempts < 2) {
            nonce = n.bytes(); // a new nonce for a new allocation: once more with it
            send(t);
            return;
        }
        t.done.accept(null, code == 401 ? "wrong user name or password (401)" : code + " " + m.errorReason());
    }

    /** Takes the answer {@code m} if it is to a request still waiting (true), whatever it says. */
    boolean answered(StunMessage m, ByteBuffer raw) {
        Transaction t = waiting.remove(ByteBuffer.wrap(m.transaction()));
        if (t == null) {
            return false;
        }
        t.sends.forEach(s -> s.cancel(false));
        answered(t, m, raw);
        return true;
    }
}
