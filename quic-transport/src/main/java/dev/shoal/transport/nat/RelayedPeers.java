package dev.shoal.transport.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * The peers reached through this device's relay allocation, each under a stand-in address QUIC sees instead of
 * the peer's own: a unique local IPv6 address (fd00::/8, random per allocation) that no real packet carries, so
 * a relayed path can never be mistaken for a direct one to the same peer, and a reply QUIC sends to it is known
 * to need the relay. Also keeps the TURN channel bound to each peer. Used on the port's event loop only.
 */
final class RelayedPeers {
    /** Peers relayed at once: each is a paired device's address; a few per device at most. */
    static final int MAX_PEERS = 256;

    static final int FIRST_CHANNEL = 0x4000;
    static final int LAST_CHANNEL = 0x4FFF;

    static final class Peer {
        final InetSocketAddress real;
        final InetSocketAddress mapped;
        int channel;
        boolean binding;
        long channelExpiresNanos;

        Peer(InetSocketAddress real, InetSocketAddress mapped) {
            this.real = real;
            this.mapped = mapped;
        }
    }

    private final byte[] prefix = new byte[8];
    private final Map<InetSocketAddress, Peer> byReal = new HashMap<>();
    /** Also read from status threads (is this path relayed?), hence concurrent. */
    private final Map<InetSocketAddress, Peer> byMapped = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<Integer, Peer> byChannel = new HashMap<>();
    private long nextIndex = 1;
    private int nextChannel = FIRST_CHANNEL;

    RelayedPeers() {
        new SecureRandom().nextBytes(prefix);
        prefix[0] = (byte) 0xfd;
        prefix[6] = 0;
        prefix[7] = 0;
    }

    /** The peer at {@code real}, added if new; null when too many are relayed already. */
    Peer peer(InetSocketAddress real) {
        Peer p = byReal.get(real);
        if (p != null || byReal.size() >= MAX_PEERS) {
            return p;
        }
        byte[] ip = ByteBuffer.allocate(16).put(prefix).putLong(nextIndex++).array();
        try {
            p = new Peer(real, new InetSocketAddress(InetAddress.getByAddress(ip), real.getPort()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        byReal.put(real, p);
        byMapped.put(p.mapped, p);
        return p;
    }

    Peer byMapped(InetSocketAddress mapped) {
        return byMapped.get(mapped);
    }

    Peer byChannel(int channel) {
        return byChannel.get(channel);
    }

    /** A channel number for {@code p}, reserved; 0 when every number is taken. */
    int reserveChannel(Peer p) {
        if (p.channel != 0) {
            return p.channel;
        }
        if (nextChannel > LAST_CHANNEL) {
            return 0;
        }
        p.channel = nextChannel++;
        byChannel.put(p.channel, p);
        return p.channel;
    }

    /** Whether {@code address} is one of the stand-ins this allocation hands out (so the path is relayed). */
    boolean isMapped(InetSocketAddress address) {
        return byMapped.containsKey(address);
    }

    Iterable<Peer> all() {
        return byReal.values();
    }

    void clear() {
        byReal.clear();
        byMapped.clear();
        byChannel.clear();
        nextChannel = FIRST_CHANNEL;
    }
}
