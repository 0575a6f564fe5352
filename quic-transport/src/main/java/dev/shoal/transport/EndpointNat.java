package dev.shoal.transport;

import dev.shoal.transport.nat.TurnClient;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Beyond the LAN on the endpoint's shared UDP port: asking a STUN server where it sees the port, and keeping a
 * relay allocation on a TURN server. Both need the shared port (the server must see the port peers see); where
 * the OS allows none, there is no such address and no relay.
 */
public final class EndpointNat {
    private volatile SharedPort port;
    private volatile Channel channel;

    synchronized void attach(SharedPort sharedPort, Channel serverChannel) {
        this.port = sharedPort;
        this.channel = serverChannel;
    }

    /**
     * Where the STUN server {@code stun} sees this device's UDP port: its public address behind a NAT. Asked from
     * the shared port itself, so the answer is the mapping peers will meet; without a shared port (where the
     * OS does not allow one) there is no such address to learn.
     */
    public synchronized CompletableFuture<InetSocketAddress> reflexiveAddress(InetSocketAddress stun) {
        SharedPort p = port;
        Channel c = channel;
        if (p == null || c == null) {
            return CompletableFuture.failedFuture(
                    new TransportException("public address discovery needs the shared UDP port"));
        }
        return p.stun().probe(c, stun);
    }

    /**
     * Keeps a relay allocation on {@code server} for devices that cannot reach this one directly, replacing any
     * earlier one; null drops it. Needs the shared port (the relay must see the port peers see).
     */
    public synchronized TurnClient relay(TurnClient.Server server) {
        SharedPort p = port;
        if (p == null || server == null) {
            if (p != null && p.relay() != null) {
                p.relay().close();
                p.relay(null);
            }
            return null;
        }
        TurnClient old = p.relay();
        if (old != null) {
            old.close();
        }
        TurnClient client = new TurnClient(server, channel);
        p.relay(client);
        client.start();
        return client;
    }

    /** Whether a session at {@code remote} runs through this device's relay (the peer is at a stand-in address). */
    public boolean relayed(InetSocketAddress remote) {
        SharedPort p = port;
        TurnClient r = p == null ? null : p.relay();
        return r != null && remote != null && r.relays(remote);
    }

    /** Where a peer at {@code remote} really is: behind a relay's stand-in address, its address at the relay. */
    public InetSocketAddress peerAddress(InetSocketAddress remote) {
        SharedPort p = port;
        TurnClient r = p == null ? null : p.relay();
        InetSocketAddress real = r == null || remote == null ? null : r.peerBehind(remote);
        return real != null ? real : remote;
    }
}
