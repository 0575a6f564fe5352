package dev.shoal.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceIdTest {
    private static final DeviceId SAMPLE =
            DeviceId.ofCertificate("sample certificate".getBytes(StandardCharsets.UTF_8));

    @Test
    void printedFormIsEightGroupsOfSeven() {
        assertThat(SAMPLE.toString()).matches("([A-Z2-7]{7}-){7}[A-Z2-7]{7}");
    }

    @Test
    void roundTripsThroughItsPrintedForm() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            DeviceId id = DeviceId.ofHash(hash);
            assertThat(DeviceId.parse(id.toString())).isEqualTo(id);
            assertThat(DeviceId.parse(id.toString()).hash()).isEqualTo(hash);
        }
    }

    @Test
    void parsingAcceptsLowerCaseMissingDashesAndSpaces() {
        String printed = SAMPLE.toString();
        assertThat(DeviceId.parse(printed.toLowerCase())).isEqualTo(SAMPLE);
        assertThat(DeviceId.parse(printed.replace("-", ""))).isEqualTo(SAMPLE);
        assertThat(DeviceId.parse("  " + printed + "\n")).isEqualTo(SAMPLE);
        assertThat(DeviceId.parse(printed.replace('-', ' '))).isEqualTo(SAMPLE);
    }

    @Test
    void everySingleCharacterTypoIsRejected() {
        String printed = SAMPLE.toString();
        int checked = 0;
        for (int i = 0; i < printed.length(); i++) {
            if (printed.charAt(i) == '-') {
                continue;
            }
            for (char c : DeviceId.ALPHABET.toCharArray()) {
                if (c == printed.charAt(i)) {
                    continue;
                }
                String typo = printed.substring(0, i) + c + printed.substring(i + 1);
                assertThatThrownBy(() -> DeviceId.parse(typo))
                        .as("typo at %d: %s", i, typo)
                        .isInstanceOf(InvalidDeviceIdException.class)
                        .hasMessageContaining("typo");
                checked++;
            }
        }
        assertThat(checked).isEqualTo(56 * 31);
    }

    @Test
    void mostSwapsOfNeighboursAreRejected() {
        String compact = SAMPLE.toString().replace("-", "");
        int swaps = 0;
        int caught = 0;
        for (int i = 0; i + 1 < compact.length(); i++) {
            if (compact.charAt(i) == compact.charAt(i + 1)) {
                continue;
            }
            String swapped =
                    compact.substring(0, i) + compact.charAt(i + 1) + compact.charAt(i) + compact.substring(i + 2);
            swaps++;
            try {
                DeviceId.parse(swapped);
            } catch (InvalidDeviceIdException expected) {
                caught++;
            }
        }
        assertThat(caught).isGreaterThanOrEqualTo(swaps * 9 / 10);
    }

    @Test
    void clearMessagesForWrongLengthAndForeignCharacters() {
        String printed = SAMPLE.toString();
        assertThatThrownBy(() -> DeviceId.parse(printed.substring(0, 50)))
                .isInstanceOf(InvalidDeviceIdException.class)
                .hasMessageContaining("56")
                .hasMessageContaining("this one has 44");
        assertThatThrownBy(() -> DeviceId.parse(printed.substring(0, 10) + "0" + printed.substring(11)))
                .isInstanceOf(InvalidDeviceIdException.class)
                .hasMessageContaining("'0'")
                .hasMessageContaining("letter O");
        assertThatThrownBy(() -> DeviceId.parse("   ")).hasMessageContaining("empty");
    }

    @Test
    void idIsTheSha256OfTheCertificate() throws Exception {
        byte[] der = "certificate bytes".getBytes(StandardCharsets.UTF_8);
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(der);
        assertThat(DeviceId.ofCertificate(der).hash()).isEqualTo(expected);
        assertThat(DeviceId.ofCertificate(der)).isNotEqualTo(SAMPLE);
    }
}
