package dev.shoal.transport.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StunTest {
    private static final byte[] TX = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    /** A Binding success answer with one attribute, built by hand as RFC 8489 lays it out. */
    private static ByteBuffer answer(int attribute, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(20 + 4 + value.length);
        b.putShort((short) 0x0101)
                .putShort((short) (4 + value.length))
                .putInt(0x2112A442)
                .put(TX);
        b.putShort((short) attribute).putShort((short) value.length).put(value);
        return b.flip();
    }

    @Test
    void readsTheXorMappedIpv4AddressOfRfc5769sSampleAnswer() {
        // RFC 5769 section 2.2: 192.0.2.1 port 32853, XORed with the magic cookie.
        byte[] value = HexFormat.of().parseHex("0001a147e112a643");
        assertThat(Stun.mappedAddress(answer(0x0020, value))).isEqualTo(new InetSocketAddress("192.0.2.1", 32853));
    }

    @Test
    void readsAnXorMappedIpv6Address() throws Exception {
        InetAddress ip = InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677");
        byte[] raw = ip.getAddress();
        byte[] key = ByteBuffer.allocate(16).putInt(0x2112A442).put(TX).array();
        ByteBuffer v = ByteBuffer.allocate(20).put((byte) 0).put((byte) 2).putShort((short) (32853 ^ 0x2112));
        for (int i = 0; i < 16; i++) {
            v.put((byte) (raw[i] ^ key[i]));
        }
        assertThat(Stun.mappedAddress(answer(0x0020, v.array()))).isEqualTo(new InetSocketAddress(ip, 32853));
    }

    @Test
    void requestHasTheHeaderAServerExpects() {
        ByteBuffer r = ByteBuffer.wrap(Stun.bindingRequest(TX));
        assertThat(Stun.looksLikeStun(r)).isTrue();
        assertThat(r.getShort(0)).isEqualTo((short) 1);
        assertThat(Stun.transaction(r)).isEqualTo(TX);
    }

    @Test
    void malformedOrForeignPacketsGiveNoAddress() {
        byte[] value = HexFormat.of().parseHex("0001a147e112a643");
        ByteBuffer truncated = answer(0x0020, value);
        truncated.putShort(22, (short) 40); // attribute longer than the message
        assertThat(Stun.mappedAddress(truncated)).isNull();
        ByteBuffer quicShortHeader = ByteBuffer.wrap(new byte[40]);
        quicShortHeader.put(0, (byte) 0x40);
        assertThat(Stun.looksLikeStun(quicShortHeader)).isFalse();
        ByteBuffer wrongFamily = answer(0x0020, HexFormat.of().parseHex("0003a147e112a643"));
        assertThat(Stun.mappedAddress(wrongFamily)).isNull();
        assertThat(Stun.mappedAddress(ByteBuffer.wrap(Stun.bindingRequest(TX)))).isNull();
    }
}
