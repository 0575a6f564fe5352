package dev.shoal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.Discovery.LocalAnnouncement;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TxtCodecTest {
    static final DeviceId ID = DeviceId.ofCertificate("a".getBytes());

    static Map<String, byte[]> raw(Map<String, String> txt) {
        Map<String, byte[]> out = new HashMap<>();
        txt.forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    static Map<String, byte[]> good() {
        return raw(TxtCodec.encode(new LocalAnnouncement(ID, "laptop", 1, 22000)));
    }

    @Test
    void roundTrips() {
        assertThat(TxtCodec.decode(good())).contains(new TxtCodec.Advert(ID, 1, 22000, "laptop"));
    }

    @Test
    void longNamesAreCutAtACharacterBoundary() {
        String name = "ö".repeat(100);
        Map<String, String> txt = TxtCodec.encode(new LocalAnnouncement(ID, name, 1, 1));
        assertThat(txt.get("name").getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(txt.get("name")).matches("ö+");
    }

    @Test
    void malformedOrHostileRecordsAreIgnored() {
        Map<String, byte[]> noId = good();
        noId.remove("id");
        assertThat(TxtCodec.decode(noId)).isEmpty();

        Map<String, byte[]> typo = good();
        char[] id = ID.toString().toCharArray();
        id[3] = id[3] == 'A' ? 'B' : 'A';
        typo.put("id", new String(id).getBytes());
        assertThat(TxtCodec.decode(typo)).isEmpty();

        for (String badPort : new String[] {"", "abc", "0", "70000", "-1", "22000000000", "1e3"}) {
            Map<String, byte[]> m = good();
            m.put("port", badPort.getBytes());
            assertThat(TxtCodec.decode(m)).as("port %s", badPort).isEmpty();
        }
        Map<String, byte[]> badVersion = good();
        badVersion.put("v", "one".getBytes());
        assertThat(TxtCodec.decode(badVersion)).isEmpty();

        Map<String, byte[]> huge = good();
        huge.put("name", new byte[4000]);
        assertThat(TxtCodec.decode(huge)).isEmpty();

        Map<String, byte[]> notUtf8 = good();
        notUtf8.put("name", new byte[] {(byte) 0xc3, (byte) 0x28});
        assertThat(TxtCodec.decode(notUtf8)).isEmpty();

        Map<String, byte[]> binaryId = good();
        binaryId.put("id", new byte[] {0, 1, 2, 3});
        assertThat(TxtCodec.decode(binaryId)).isEmpty();
    }

    @Test
    void unknownKeysAndMissingNameAreFine() {
        Map<String, byte[]> m = good();
        m.put("future", "x".getBytes());
        m.remove("name");
        assertThat(TxtCodec.decode(m))
                .hasValueSatisfying(a -> assertThat(a.name()).isEmpty());
    }
}
