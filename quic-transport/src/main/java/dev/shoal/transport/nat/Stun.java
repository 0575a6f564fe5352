package dev.shoal.transport.nat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The part of STUN (RFC 8489) Shoal needs: a Binding request, and the mapped address in its answer. A packet on
 * the shared UDP port is taken for STUN only when it comes from the configured server and looks like STUN (its
 * first two bits zero, the magic cookie in place); anything malformed is dropped, never trusted.
 */
public final class Stun {
    static final int HEADER = 20;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    /** Longest STUN message read: an answer to a Binding request is under 100 bytes. */
    static final int MAX_MESSAGE = 1500;

    private Stun() {}

    /** A Binding request with transaction id {@code tx} (12 bytes). */
    public static byte[] bindingRequest(byte[] tx) {
        if (tx.length != 12) {
            throw new IllegalArgumentException("a STUN transaction id has 12 bytes");
        }
        return ByteBuffer.allocate(HEADER)
                .putShort((short) BINDING_REQUEST)
                .putShort((short) 0)
                .putInt(MAGIC_COOKIE)
                .put(tx)
                .array();
    }

    /** Whether {@code packet} has the shape of a STUN message (RFC 8489 section 5; RFC 7983 for the demux). */
    public static boolean looksLikeStun(ByteBuffer packet) {
        int p = packet.position();
        return packet.remaining() >= HEADER
                && packet.remaining() <= MAX_MESSAGE
                && (packet.get(p) & 0xC0) == 0
                && packet.getInt(p + 4) == MAGIC_COOKIE
                && (packet.getShort(p + 2) & 0xFFFF) == packet.remaining() - HEADER
                && (packet.getShort(p + 2) & 3) == 0;
    }

    /** The transaction id of a STUN message (its shape already checked). */
    public static byte[] transaction(ByteBuffer packet) {
        byte[] tx = new byte[12];
        packet.get(packet.position() + 8, tx);
        return tx;
    }

    /**
     * The address a Binding success answer says it saw this device at, or null if {@code packet} is not such an
     * answer or carries no usable address.
     */
    public static InetSocketAddress mappedAddress(ByteBuffer packet) {
        StunMessage m = StunMessage.parse(packet);
        if (m == null || m.type() != BINDING_SUCCESS) {
            return null;
        }
        InetSocketAddress xor = m.address(StunMessage.XOR_MAPPED_ADDRESS);
        return xor != null ? xor : m.plainAddress(StunMessage.MAPPED_ADDRESS);
    }
}
