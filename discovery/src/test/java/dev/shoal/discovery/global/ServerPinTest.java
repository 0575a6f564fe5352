package dev.shoal.discovery.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.engine.spi.DeviceId;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ServerPinTest {
    private static final byte[] HASH =
            HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    @Test
    void readsHexAndTheDeviceIdFormWithOrWithoutCheckCharacters() {
        String id = DeviceId.ofHash(HASH).toString(); // 8 groups of 7, check characters included
        ServerPin expected = new ServerPin(HASH);
        assertThat(ServerPin.parse(HexFormat.of().formatHex(HASH))).isEqualTo(expected);
        assertThat(ServerPin.parse(id)).isEqualTo(expected);
        assertThat(ServerPin.parse(id.toLowerCase())).isEqualTo(expected);
        assertThat(ServerPin.parse(dev.shoal.engine.spi.Base32.encode(HASH))).isEqualTo(expected);
    }

    @Test
    void refusesAnythingElseWithAMessage() {
        assertThatThrownBy(() -> ServerPin.parse("ABCDEF"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a server ID");
    }
}
