package dev.shoal.transport.nat;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a STUN server, from the shared UDP port itself, where it sees this device: behind a NAT that keeps one
 * mapping per local port, that is the address peers elsewhere can reach the port at. Only answers from a server
 * asked are taken, and only for a transaction still waiting.
 */
public final class StunProbe {
    /** Waits between (re)transmissions of one request: RFC 8489's 500 ms doubling, cut short. */
    static final long[] RETRANSMIT_MS = {0, 500, 1000, 2000};

    static final long GIVE_UP_MS = 4000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<ByteBuffer, CompletableFuture<InetSocketAddress>> waiting = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> servers = ConcurrentHashMap.newKeySet();

    /** Sends Binding requests to {@code server} on {@code channel} until one is answered or time is up. */
    public CompletableFuture<InetSocketAddress> probe(Channel channel, InetSocketAddress server) {
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        ByteBuffer key = ByteBuffer.wrap(tx);
        CompletableFuture<InetSocketAddress> answer = new CompletableFuture<>();
        servers.add(server);
        waiting.put(key, answer);
        byte[] request = Stun.bindingRequest(tx);
        for (long delay : RETRANSMIT_MS) {
            channel.eventLoop()
                    .schedule(
                            () -> {
                                if (!answer.isDone()) {
                                    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(request), server));
                                }
                            },
                            delay,
                            TimeUnit.MILLISECONDS);
        }
        channel.eventLoop()
                .schedule(
                        () -> answer.completeExceptionally(new TimeoutException(
                                "the STUN server " + server + " did not answer within " + GIVE_UP_MS / 1000 + " s")),
                        GIVE_UP_MS,
                        TimeUnit.MILLISECONDS);
        answer.whenComplete((a, e) -> waiting.remove(key));
        return answer;
    }

    /**
     * Takes {@code packet} if it is STUN from a server this device asked (true: it is consumed, whatever it
     * says); anything else is left for QUIC. Runs on the port's event loop.
     */
    public boolean offer(DatagramPacket packet) {
        if (!servers.contains(packet.sender())) {
            return false;
        }
        ByteBuffer data = packet.content().nioBuffer();
        if (!Stun.looksLikeStun(data)) {
            return false; // QUIC from the same host (a peer next to the server): not ours
        }
        CompletableFuture<InetSocketAddress> answer = waiting.get(ByteBuffer.wrap(Stun.transaction(data)));
        InetSocketAddress mapped = Stun.mappedAddress(data);
        if (answer != null && mapped != null) {
            answer.complete(mapped);
        }
        packet.release();
        return true;
    }
}
