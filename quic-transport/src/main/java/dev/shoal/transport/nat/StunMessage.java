package dev.shoal.transport.nat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A STUN message (RFC 8489) with the attributes TURN (RFC 8656) uses: built with {@link Builder}, read with
 * {@link #parse}. Parsing never trusts a length: every attribute must lie inside the packet, and a message that
 * does not has no attributes at all.
 */
public record StunMessage(int type, byte[] transaction, List<Attribute> attributes, int integrityAt) {
    // Methods and classes (RFC 8489 section 5, RFC 8656 section 18).
    public static final int BINDING = 0x001;
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int SEND = 0x006;
    public static final int DATA = 0x007;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;
    public static final int REQUEST = 0x000;
    public static final int INDICATION = 0x010;
    public static final int SUCCESS = 0x100;
    public static final int ERROR = 0x110;

    // Attributes.
    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int CHANNEL_NUMBER = 0x000C;
    public static final int LIFETIME = 0x000D;
    public static final int XOR_PEER_ADDRESS = 0x0012;
    public static final int DATA_ATTRIBUTE = 0x0013;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    public static final int REQUESTED_TRANSPORT = 0x0019;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;

    /** An attribute's value as a range of the parsed packet (no copy until asked). */
    public record Attribute(int type, ByteBuffer packet, int offset, int length) {
        public byte[] bytes() {
            byte[] out = new byte[length];
            packet.get(offset, out);
            return out;
        }

        public String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        public int int32() {
            return length == 4 ? packet.getInt(offset) : -1;
        }
    }

    public int method() {
        return type & 0x3EEF;
    }

    public int messageClass() {
        return type & 0x0110;
    }

    public Attribute attribute(int attributeType) {
        for (Attribute a : attributes) {
            if (a.type() == attributeType) {
                return a;
            }
        }
        return null;
    }

    /** The STUN error code of an error response (e.g. 401), or 0. */
    public int errorCode() {
        Attribute a = attribute(ERROR_CODE);
        if (a == null || a.length() < 4) {
            return 0;
        }
        return (a.packet().get(a.offset() + 2) & 7) * 100 + (a.packet().get(a.offset() + 3) & 0xFF);
    }

    /** The reason phrase of an error response, printable characters only and short. */
    public String errorReason() {
        Attribute a = attribute(ERROR_CODE);
        if (a == null || a.length() <= 4) {
            return "";
        }
        byte[] all = a.bytes();
        String text = new String(all, 4, Math.min(all.length - 4, 120), StandardCharsets.UTF_8);
        return text.replaceAll("[^\\p{Print}]", "?");
    }

    /** An XOR-encoded address attribute (mapped, relayed, peer), or null when absent or malformed. */
    public InetSocketAddress address(int attributeType) {
        return decode(attribute(attributeType), true);
    }

    /** A plain (not XORed) address attribute, as old servers send MAPPED-ADDRESS; null when absent or malformed. */
    public InetSocketAddress plainAddress(int attributeType) {
        return decode(attribute(attributeType), false);
    }

    private InetSocketAddress decode(Attribute a, boolean xor) {
        if (a == null || a.length() < 8) {
            return null;
        }
        int family = a.packet().get(a.offset() + 1);
        int size = family == 1 ? 4 : family == 2 ? 16 : -1;
        if (size < 0 || a.length() != 4 + size) {
            return null;
        }
        int port = (a.packet().getShort(a.offset() + 2) & 0xFFFF) ^ (xor ? Stun.MAGIC_COOKIE >>> 16 : 0);
        byte[] ip = new byte[size];
        a.packet().get(a.offset() + 4, ip);
        if (xor) {
            // XORed with the cookie and, for IPv6, the transaction id after it.
            byte[] mask = ByteBuffer.allocate(16)
                    .putInt(Stun.MAGIC_COOKIE)
                    .put(transaction)
                    .array();
            for (int i = 0; i < size; i++) {
                ip[i] ^= mask[i];
            }
        }
        try {
            InetAddress address = InetAddress.getByAddress(ip);
            return port == 0 || address.isAnyLocalAddress() || address.isMulticastAddress()
                    ? null
                    : new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Whether the MESSAGE-INTEGRITY attribute is present and right for {@code key}: answers to authenticated
     * requests must carry it, so a forged answer from someone who can spoof the server's address is not taken.
     */
    public boolean integrityValid(ByteBuffer packet, byte[] key) {
        Attribute mi = attribute(MESSAGE_INTEGRITY);
        if (mi == null || mi.length() != 20 || key == null) {
            return false;
        }
        int start = packet.position();
        byte[] covered = new byte[integrityAt];
        packet.get(start, covered);
        int lengthThroughIntegrity = integrityAt - Stun.HEADER + 24;
        covered[2] = (byte) (lengthThroughIntegrity >>> 8);
        covered[3] = (byte) lengthThroughIntegrity;
        return MessageDigest.isEqual(hmac(key, covered), mi.bytes());
    }

    /** Parses {@code packet} (position to limit); null if it is not a well-formed STUN message. */
    public static StunMessage parse(ByteBuffer packet) {
        if (!Stun.looksLikeStun(packet)) {
            return null;
        }
        int start = packet.position();
        int end = packet.limit();
        byte[] tx = Stun.transaction(packet);
        List<Attribute> attrs = new ArrayList<>();
        int integrityAt = -1;
        int at = start + Stun.HEADER;
        while (at + 4 <= end) {
            int type = packet.getShort(at) & 0xFFFF;
            int length = packet.getShort(at + 2) & 0xFFFF;
            int value = at + 4;
            if (value + length > end || attrs.size() >= 32) {
                return null;
            }
            if (integrityAt < 0) {
                // Attributes after MESSAGE-INTEGRITY (but FINGERPRINT) are not covered by it: ignored.
                attrs.add(new Attribute(type, packet, value, length));
            }
            if (type == MESSAGE_INTEGRITY && integrityAt < 0) {
                integrityAt = at - start;
            }
            at = value + ((length + 3) & ~3);
        }
        return new StunMessage(packet.getShort(start) & 0x3FFF, tx, attrs, Math.max(integrityAt, 0));
    }

    /** The long-term credential key: MD5 of "user:realm:password" (RFC 8489 section 9.2.2). */
    public static byte[] longTermKey(String user, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds one message; attributes in the order added, MESSAGE-INTEGRITY last when a key is given. */
    public static final class Builder {
        private final int type;
        private final byte[] transaction;
        /** Room for the largest QUIC packet in a Send indication. */
        private final ByteBuffer body = ByteBuffer.allocate(2048);

        public Builder(int method, int messageClass, byte[] transaction) {
            this.type = method | messageClass;
            this.transaction = transaction.clone();
        }

        public Builder add(int attributeType, byte[] value) {
            body.putShort((short) attributeType).putShort((short) value.length).put(value);
            for (int pad = (4 - value.length % 4) % 4; pad > 0; pad--) {
                body.put((byte) 0);
            }
            return this;
        }

        public Builder addText(int attributeType, String value) {
            return add(attributeType, value.getBytes(StandardCharsets.UTF_8));
        }

        public Builder addInt(int attributeType, int value) {
            return add(attributeType, ByteBuffer.allocate(4).putInt(value).array());
        }

        public Builder addAddress(int attributeType, InetSocketAddress address) {
            byte[] ip = address.getAddress().getAddress();
            byte[] mask = ByteBuffer.allocate(16)
                    .putInt(Stun.MAGIC_COOKIE)
                    .put(transaction)
                    .array();
            ByteBuffer v = ByteBuffer.allocate(4 + ip.length)
                    .put((byte) 0)
                    .put((byte) (address.getAddress() instanceof Inet6Address ? 2 : 1))
                    .putShort((short) (address.getPort() ^ (Stun.MAGIC_COOKIE >>> 16)));
            for (int i = 0; i < ip.length; i++) {
                v.put((byte) (ip[i] ^ mask[i]));
            }
            return add(attributeType, v.array());
        }

        /** The message, signed with {@code key} (long-term credentials) unless it is null. */
        public byte[] build(byte[] key) {
            int attrs = body.position();
            int length = attrs + (key == null ? 0 : 24);
            ByteBuffer out = ByteBuffer.allocate(Stun.HEADER + length)
                    .putShort((short) type)
                    .putShort((short) length)
                    .putInt(Stun.MAGIC_COOKIE)
                    .put(transaction)
                    .put(body.array(), 0, attrs);
            if (key != null) {
                byte[] covered = new byte[Stun.HEADER + attrs];
                out.get(0, covered);
                out.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmac(key, covered));
            }
            return out.array();
        }
    }
}
