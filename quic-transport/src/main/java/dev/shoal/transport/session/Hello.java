package dev.shoal.transport.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The first message on each control stream: who the device says it is and which protocol it speaks.
 *
 * <p>Layout: magic "SHOAL", u16 protocol version, u16 name length + UTF-8 name, u8 capability count, then each
 * capability as u8 length + ASCII. The magic and version come first so that any future version can still tell
 * an old peer what went wrong.
 */
public record Hello(int protocolVersion, String deviceName, List<String> capabilities) {
    /** 2: data streams are long-lived lanes carrying many requests, each frame tagged with its request id. */
    public static final int PROTOCOL_VERSION = 2;
    /** The capability announcing the sender's run ("instance=" + random hex); older peers ignore it. */
    public static final String INSTANCE_PREFIX = "instance=";

    private static final byte[] MAGIC = "SHOAL".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_NAME = 256;

    public byte[] encode() {
        byte[] name = truncate(deviceName).getBytes(StandardCharsets.UTF_8);
        int size = MAGIC.length + 2 + 2 + name.length + 1;
        for (String c : capabilities) {
            size += 1 + c.length();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(MAGIC)
                .putShort((short) protocolVersion)
                .putShort((short) name.length)
                .put(name);
        buf.put((byte) capabilities.size());
        for (String c : capabilities) {
            byte[] b = c.getBytes(StandardCharsets.US_ASCII);
            buf.put((byte) b.length).put(b);
        }
        return buf.array();
    }

    public static Hello decode(byte[] data) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(data);
            byte[] magic = new byte[MAGIC.length];
            buf.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new ProtocolException("the peer does not speak the Shoal protocol (bad hello)");
            }
            int version = Short.toUnsignedInt(buf.getShort());
            int nameLength = Short.toUnsignedInt(buf.getShort());
            if (nameLength > MAX_NAME * 4) {
                throw new ProtocolException("hello with a device name of " + nameLength + " bytes");
            }
            byte[] name = new byte[nameLength];
            buf.get(name);
            int count = Byte.toUnsignedInt(buf.get());
            List<String> caps = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] c = new byte[Byte.toUnsignedInt(buf.get())];
                buf.get(c);
                caps.add(new String(c, StandardCharsets.US_ASCII));
            }
            return new Hello(version, new String(name, StandardCharsets.UTF_8), List.copyOf(caps));
        } catch (java.nio.BufferUnderflowException e) {
            throw new ProtocolException("truncated hello");
        }
    }

    /** The sender's run, or "" when it did not say. */
    public String instance() {
        return capabilities.stream()
                .filter(c -> c.startsWith(INSTANCE_PREFIX))
                .map(c -> c.substring(INSTANCE_PREFIX.length()))
                .findFirst()
                .orElse("");
    }

    private static String truncate(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }
}
