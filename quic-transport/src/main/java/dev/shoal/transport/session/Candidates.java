package dev.shoal.transport.session;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a {@link ControlType#CANDIDATES} frame: {@code u8 count}, then per address {@code u8 length (4 or
 * 16), address, u16 port}. A peer sends a few at most; anything longer or malformed is a protocol error.
 */
final class Candidates {
    static final int MAX = 8;

    private Candidates() {}

    static byte[] encode(List<InetSocketAddress> candidates) {
        List<InetSocketAddress> sent = candidates.stream()
                .filter(a -> a.getAddress() != null)
                .limit(MAX)
                .toList();
        ByteBuffer out = ByteBuffer.allocate(1 + sent.size() * 19);
        out.put((byte) sent.size());
        for (InetSocketAddress a : sent) {
            byte[] ip = a.getAddress().getAddress();
            out.put((byte) ip.length).put(ip).putShort((short) a.getPort());
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    static List<InetSocketAddress> decode(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        if (!in.hasRemaining()) {
            throw new ProtocolException("empty candidates");
        }
        int count = in.get() & 0xFF;
        if (count > MAX) {
            throw new ProtocolException(count + " candidates (at most " + MAX + ")");
        }
        List<InetSocketAddress> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.hasRemaining() ? in.get() & 0xFF : -1;
            if ((length != 4 && length != 16) || in.remaining() < length + 2) {
                throw new ProtocolException("a malformed candidate");
            }
            byte[] ip = new byte[length];
            in.get(ip);
            int port = in.getShort() & 0xFFFF;
            InetAddress address;
            try {
                address = InetAddress.getByAddress(ip);
            } catch (UnknownHostException e) {
                throw new ProtocolException("a malformed candidate");
            }
            // Only addresses a device can sensibly be dialled at: a peer must not aim this device's packets at its
            // own loopback, at every host of a network, or at port 0.
            boolean dialable = port != 0
                    && !address.isAnyLocalAddress()
                    && !address.isLoopbackAddress()
                    && !address.isMulticastAddress()
                    && !(address instanceof Inet4Address && ip[0] == (byte) 255);
            if (dialable) {
                out.add(new InetSocketAddress(address, port));
            }
        }
        if (in.hasRemaining()) {
            throw new ProtocolException("bytes after the candidates");
        }
        return out;
    }
}
