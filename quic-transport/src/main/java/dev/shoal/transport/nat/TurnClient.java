package dev.shoal.transport.nat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's relay allocation on a TURN server (RFC 8656, long-term credentials), from the shared UDP port:
 * peers that cannot reach the device directly reach it at the relayed address. Packets from relayed peers are
 * handed to QUIC under stand-in addresses ({@link RelayedPeers}) and QUIC's replies to those are sent back
 * through the server, as ChannelData once a channel is bound. The allocation, the permissions (one per paired
 * device's public IP: the server forwards nothing else) and the channels are refreshed before they expire.
 *
 * <p>Everything but the read-only getters runs on the port's event loop.
 */
public final class TurnClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TurnClient.class);

    /** Where the relay is and who this device is to it. */
    public record Server(InetSocketAddress address, String user, String password) {
        @Override
        public String toString() {
            return user + "@" + address.getHostString() + ":" + address.getPort(); // never the password
        }
    }

    static final int LIFETIME_S = 600;
    /** Permissions last 300 s on the server, channels 600 s. */
    static final long PERMISSION_REFRESH_S = 240;

    static final long CHANNEL_REFRESH_S = 480;
    /**
     * Upkeep period, also the keepalive: a NAT forgets a quiet UDP mapping after 30 s or so, and then the
     * allocation's requests and the relayed packets would come from (and go to) a port the server does not know.
     */
    static final long MAINTAIN_EVERY_S = 15;

    private static final int UDP = 17 << 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Server server;
    private final Channel channel;
    private final RelayedPeers peers = new RelayedPeers();
    private final TurnTransactions transactions;
    private final Set<InetAddress> permitted = new LinkedHashSet<>();
    private boolean allocating;
    private long permissionsAtNanos;
    private ScheduledFuture<?> timer;
    private boolean closed;
    private volatile InetSocketAddress relayed;
    private volatile InetSocketAddress reflexive;
    private volatile String error;
    private final CompletableFuture<InetSocketAddress> first = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param channel the shared port's channel: requests go out from the port peers see */
    public TurnClient(Server server, Channel channel) {
        this.server = server;
        this.channel = channel;
        this.transactions = new TurnTransactions(server, channel);
    }

    /** Allocates, then keeps the allocation alive; the future has the first relayed address (or why not). */
    public CompletableFuture<InetSocketAddress> start() {
        if (started.getAndSet(true)) {
            return first;
        }
        channel.eventLoop().execute(() -> {
            allocate();
            timer = channel.eventLoop()
                    .scheduleWithFixedDelay(this::maintain, MAINTAIN_EVERY_S, MAINTAIN_EVERY_S, TimeUnit.SECONDS);
        });
        return first;
    }

    public Server server() {
        return server;
    }

    /** The relayed address peers can reach this device at, or null while there is none. */
    public InetSocketAddress relayedAddress() {
        return relayed;
    }

    /** Where the relay sees this device (its public address behind a NAT), or null. */
    public InetSocketAddress reflexiveAddress() {
        return reflexive;
    }

    /** Why there is no allocation (wrong credentials, no answer), or null. */
    public String error() {
        return error;
    }

    /** Whether QUIC's packet to {@code recipient} is for a peer reached through this relay. */
    public boolean relays(InetSocketAddress recipient) {
        return peers.isMapped(recipient);
    }

    /** The peer's own address (as the relay sees it) behind a stand-in address, or null. */
    public InetSocketAddress peerBehind(InetSocketAddress mapped) {
        RelayedPeers.Peer p = peers.byMapped(mapped);
        return p == null ? null : p.real;
    }

    /** Lets the devices at {@code addresses} (paired devices' public IPs) reach this device through the relay. */
    public void permit(Set<InetAddress> addresses) {
        channel.eventLoop().execute(() -> {
            boolean added = !permitted.containsAll(addresses);
            permitted.clear();
            permitted.addAll(addresses);
            if (added && relayed != null) {
                createPermissions();
            }
        });
    }

    /** Whether {@code sender} is this relay's server, whose packets {@link #inbound} reads. */
    public boolean isServer(InetSocketAddress sender) {
        return server.address().equals(sender);
    }

    /**
     * Reads a packet from the server: a relayed peer's packet comes back unwrapped, addressed from the peer's
     * stand-in address; an answer or anything malformed is consumed (null); a packet that is not TURN at all (a
     * STUN Binding answer) comes back as it is.
     */
    public DatagramPacket inbound(DatagramPacket packet) {
        ByteBuf content = packet.content();
        int first = content.readableBytes() >= 4 ? content.getUnsignedByte(content.readerIndex()) : 0;
        if (first >= 0x40 && first <= 0x4F) {
            int number = content.getUnsignedShort(content.readerIndex());
            int length = content.getUnsignedShort(content.readerIndex() + 2);
            RelayedPeers.Peer peer = peers.byChannel(number);
            DatagramPacket out = peer == null || length > content.readableBytes() - 4
                    ? null
                    : new DatagramPacket(
                            content.retainedSlice(content.readerIndex() + 4, length), packet.recipient(), peer.mapped);
            packet.release();
            return out;
        }
        ByteBuffer data = content.nioBuffer();
        StunMessage m = StunMessage.parse(data);
        if (m == null) {
            packet.release();
            return null;
        }
        if (m.messageClass() == StunMessage.INDICATION && m.method() == StunMessage.DATA) {
            DatagramPacket out = dataIndication(packet, m);
            packet.release();
            return out;
        }
        if (!transactions.answered(m, data)) {
            return packet; // not ours: a STUN Binding answer for the address probe, perhaps
        }
        packet.release();
        return null;
    }

    private DatagramPacket dataIndication(DatagramPacket packet, StunMessage m) {
        InetSocketAddress from = m.address(StunMessage.XOR_PEER_ADDRESS);
        StunMessage.Attribute payload = m.attribute(StunMessage.DATA_ATTRIBUTE);
        if (from == null || payload == null) {
            return null;
        }
        RelayedPeers.Peer peer = peers.peer(from);
        if (peer == null) {
            return null;
        }
        if (peer.channelExpiresNanos == 0 && !peer.binding) {
            bindChannel(peer); // replies, and the server's next packets, then carry 4 bytes of framing, not 36
        }
        ByteBuf content = packet.content();
        return new DatagramPacket(
                content.retainedSlice(content.readerIndex() + payload.offset(), payload.length()),
                packet.recipient(),
                peer.mapped);
    }

    /** Sends QUIC's packet (one datagram or a GSO batch) to its relayed peer through the server. */
    public void outbound(ChannelHandlerContext ctx, DatagramPacket packet, ChannelPromise promise) {
        RelayedPeers.Peer peer = peers.byMapped(packet.recipient());
        ByteBuf content = packet.content();
        try {
            if (peer == null || relayed == null) {
                promise.setSuccess(); // the allocation is gone: QUIC takes it as lost
                return;
            }
            int segment = packet instanceof SegmentedDatagramPacket s ? s.segmentSize() : content.readableBytes();
            while (content.isReadable()) {
                ByteBuf part = content.readSlice(Math.min(segment, content.readableBytes()));
                ctx.write(new DatagramPacket(wrap(ctx, peer, part), server.address()), ctx.voidPromise());
            }
            promise.setSuccess();
        } finally {
            packet.release();
        }
    }

    private ByteBuf wrap(ChannelHandlerContext ctx, RelayedPeers.Peer peer, ByteBuf part) {
        if (peer.channelExpiresNanos != 0) {
            ByteBuf out = ctx.alloc().directBuffer(4 + part.readableBytes());
            return out.writeShort(peer.channel).writeShort(part.readableBytes()).writeBytes(part);
        }
        byte[] bytes = new byte[part.readableBytes()];
        part.readBytes(bytes);
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        return Unpooled.wrappedBuffer(new StunMessage.Builder(StunMessage.SEND, StunMessage.INDICATION, tx)
                .addAddress(StunMessage.XOR_PEER_ADDRESS, peer.real)
                .add(StunMessage.DATA_ATTRIBUTE, bytes)
                .build(null));
    }

    private void allocate() {
        if (closed || allocating) {
            return;
        }
        allocating = true;
        transactions.request(
                StunMessage.ALLOCATE,
                b -> b.addInt(StunMessage.REQUESTED_TRANSPORT, UDP).addInt(StunMessage.LIFETIME, LIFETIME_S),
                (m, failure) -> {
                    allocating = false;
                    if (failure != null) {
                        fail("the TURN server " + server + " refused a relay: " + failure);
                        return;
                    }
                    InetSocketAddress r = m.address(StunMessage.XOR_RELAYED_ADDRESS);
                    if (r == null) {
                        fail("the TURN server " + server + " gave no relayed address");
                        return;
                    }
                    peers.clear();
                    relayed = r;
                    reflexive = m.address(StunMessage.XOR_MAPPED_ADDRESS);
                    error = null;
                    long granted = scheduleRefresh(m, r);
                    LOG.info("relay allocated at {} on {} for {} s (seen from {})", r, server, granted, reflexive);
                    createPermissions();
                    first.complete(r);
                });
    }

    /** Refreshes the allocation {@code r} halfway through the lifetime the server granted in {@code answer}. */
    private long scheduleRefresh(StunMessage answer, InetSocketAddress r) {
        StunMessage.Attribute lifetime = answer.attribute(StunMessage.LIFETIME);
        long seconds = lifetime == null ? LIFETIME_S : Math.min(LIFETIME_S, lifetime.int32() & 0xFFFFFFFFL);
        long delayMs = Math.max(1000, TimeUnit.SECONDS.toMillis(seconds) / 2);
        channel.eventLoop().schedule(() -> refresh(r), delayMs, TimeUnit.MILLISECONDS);
        return seconds;
    }

    private void refresh(InetSocketAddress r) {
        if (closed || !r.equals(relayed)) {
            return; // closed, or replaced by a new allocation with its own refreshes
        }
        transactions.request(StunMessage.REFRESH, b -> b.addInt(StunMessage.LIFETIME, LIFETIME_S), (m, failure) -> {
            if (!r.equals(relayed)) {
                return;
            }
            if (failure != null) {
                fail("the relay on " + server + " was lost: " + failure);
            } else {
                scheduleRefresh(m, r);
            }
        });
    }

    private void fail(String why) {
        if (!why.equals(error)) {
            LOG.warn("{}", why);
        }
        error = why;
        relayed = null;
        first.completeExceptionally(new IllegalStateException(why));
    }

    private void maintain() {
        long now = System.nanoTime();
        if (closed) {
            return;
        }
        if (relayed == null) {
            allocate(); // a failed or lost allocation is retried: the server may be back, the password fixed
            return;
        }
        // A Binding request keeps this device's NAT mapping towards the server alive (answered, never needed).
        transactions.request(StunMessage.BINDING, b -> {}, (m, failure) -> {});
        if (now - permissionsAtNanos >= 0) {
            createPermissions();
        }
        for (RelayedPeers.Peer p : peers.all()) {
            if (!p.binding && (p.channelExpiresNanos == 0 || now - p.channelExpiresNanos >= 0)) {
                bindChannel(p);
            }
        }
    }

    private void createPermissions() {
        permissionsAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(PERMISSION_REFRESH_S);
        List<InetAddress> all = new ArrayList<>(permitted);
        for (int i = 0; i < all.size(); i += 16) {
            List<InetAddress> batch = all.subList(i, Math.min(all.size(), i + 16));
            transactions.request(
                    StunMessage.CREATE_PERMISSION,
                    b -> batch.forEach(a -> b.addAddress(StunMessage.XOR_PEER_ADDRESS, new InetSocketAddress(a, 1))),
                    (m, failure) -> {
                        if (failure != null) {
                            LOG.warn("the relay on {} did not let {} in: {}", server, batch, failure);
                        }
                    });
        }
    }

    private void bindChannel(RelayedPeers.Peer peer) {
        int number = peers.reserveChannel(peer);
        if (number == 0 || peer.binding) {
            return;
        }
        peer.binding = true; // until the first binding is confirmed, packets go as Send indications
        transactions.request(
                StunMessage.CHANNEL_BIND,
                b -> b.addInt(StunMessage.CHANNEL_NUMBER, number << 16)
                        .addAddress(StunMessage.XOR_PEER_ADDRESS, peer.real),
                (m, failure) -> {
                    peer.binding = false;
                    if (failure == null) {
                        peer.channelExpiresNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHANNEL_REFRESH_S);
                    } else {
                        // Tried again by the maintenance timer; Send indications carry the packets meanwhile.
                        LOG.warn("the relay on {} bound no channel to {}: {}", server, peer.real, failure);
                    }
                });
    }

    @Override
    public void close() {
        channel.eventLoop().execute(() -> {
            closed = true;
            if (timer != null) {
                timer.cancel(false);
            }
            if (relayed != null) {
                // Gives the relayed port back at once instead of in ten minutes; no answer is awaited.
                transactions.request(StunMessage.REFRESH, b -> b.addInt(StunMessage.LIFETIME, 0), (m, failure) -> {});
            }
            relayed = null;
            peers.clear();
        });
    }
}
