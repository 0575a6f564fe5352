package dev.shoal.transport;

import dev.shoal.transport.nat.TurnClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.quic.QuicConnectionAddress;
import io.netty.util.ReferenceCountUtil;
import java.security.SecureRandom;

/**
 * Lets the QUIC server codec and the client codec of one endpoint share a single UDP port.
 *
 * <p>Both sockets are bound to the same address with SO_REUSEPORT, so the kernel hands each datagram to
 * either of them. A {@link Router} first in both pipelines passes it on to the codec that owns its
 * connection. The connections we dial use source connection ids that start with a random per-endpoint
 * prefix (and quiche's client never issues other ids), so a datagram whose destination connection id
 * carries the prefix is for the client codec; everything else (a new connection with an id the peer
 * chose, ids our server issued) is for the server codec. A random 20-byte id matches the 8-byte prefix
 * with probability 2^-64. Both channels run on one event loop, so handing a datagram across is a plain
 * call, not a task.
 */
final class SharedPort {
    /** Connection id length of both codecs; short headers do not carry it, so it must be fixed. */
    static final int CID_LENGTH = 20;

    private static final int PREFIX_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] clientPrefix = new byte[PREFIX_LENGTH];
    private final Router server = new Router();
    private final Router client = new Router();
    /** STUN answers arrive on the same port as QUIC and are taken out before either codec sees them. */
    private final dev.shoal.transport.nat.StunProbe stun = new dev.shoal.transport.nat.StunProbe();
    /** This device's relay allocation, if it has one: its server's packets are unwrapped before routing. */
    private volatile TurnClient relay;

    private final RelayOut serverOut = new RelayOut();
    private final RelayOut clientOut = new RelayOut();

    SharedPort() {
        RANDOM.nextBytes(clientPrefix);
    }

    Router serverRouter() {
        return server;
    }

    Router clientRouter() {
        return client;
    }

    dev.shoal.transport.nat.StunProbe stun() {
        return stun;
    }

    RelayOut serverOut() {
        return serverOut;
    }

    RelayOut clientOut() {
        return clientOut;
    }

    void relay(TurnClient client) {
        relay = client;
    }

    TurnClient relay() {
        return relay;
    }

    /** A fresh source connection id for a connection we dial; the peer's replies carry it. */
    QuicConnectionAddress newClientConnectionId() {
        byte[] id = new byte[CID_LENGTH];
        RANDOM.nextBytes(id);
        System.arraycopy(clientPrefix, 0, id, 0, PREFIX_LENGTH);
        return new QuicConnectionAddress(id);
    }

    /** Whether the QUIC packet in {@code buf} is addressed to one of our dialled connections. */
    boolean forClient(ByteBuf buf) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < 1) {
            return false;
        }
        int cid;
        if ((buf.getByte(start) & 0x80) != 0) {
            // Long header: flags, 4-byte version, DCID length, DCID.
            if (length < 6 || buf.getUnsignedByte(start + 5) < PREFIX_LENGTH) {
                return false;
            }
            cid = start + 6;
        } else {
            cid = start + 1;
        }
        if (cid + PREFIX_LENGTH > start + length) {
            return false;
        }
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            if (buf.getByte(cid + i) != clientPrefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** First handler of each of the two pipelines; forwards every datagram to the pipeline that owns it. */
    final class Router extends ChannelInboundHandlerAdapter {
        private ChannelHandlerContext ctx;
        private boolean delivered;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            this.ctx = null;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                ctx.fireChannelRead(msg);
                return;
            }
            TurnClient r = relay;
            if (r != null && r.isServer(packet.sender())) {
                DatagramPacket unwrapped = r.inbound(packet);
                if (unwrapped == null) {
                    return;
                }
                packet = unwrapped; // a relayed peer's QUIC packet, or a STUN answer for the probe below
            }
            if (stun.offer(packet)) {
                return;
            }
            Router owner = forClient(packet.content()) ? client : server;
            ChannelHandlerContext target = owner.ctx;
            if (target == null) {
                // That side is closing; QUIC treats the datagram as lost.
                ReferenceCountUtil.release(packet);
                return;
            }
            owner.delivered = true;
            target.fireChannelRead(packet);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // Codecs send what the read produced on read-complete, so each one that got a datagram needs it.
            server.completeRead();
            client.completeRead();
        }

        private void completeRead() {
            ChannelHandlerContext c = ctx;
            if (delivered && c != null) {
                delivered = false;
                c.fireChannelReadComplete();
            }
        }
    }

    /** Sends QUIC's packets for relayed peers through the relay; all others pass untouched. */
    final class RelayOut extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            TurnClient r = relay;
            if (r != null && msg instanceof DatagramPacket packet && r.relays(packet.recipient())) {
                r.outbound(ctx, packet, promise);
            } else {
                ctx.write(msg, promise);
            }
        }
    }
}
