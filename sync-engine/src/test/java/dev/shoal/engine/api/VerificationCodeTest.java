package dev.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.DeviceId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerificationCodeTest {
    static DeviceId device(int n) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) n);
        return DeviceId.ofHash(h);
    }

    @Test
    void bothSidesSeeTheSameCodeAndAnotherCertificateGivesAnotherCode() {
        String ab = VerificationCode.of(device(1), device(2));
        assertThat(ab).matches("[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}");
        assertThat(VerificationCode.of(device(2), device(1))).isEqualTo(ab);
        assertThat(VerificationCode.of(device(1), device(3))).isNotEqualTo(ab);
        assertThat(VerificationCode.of(device(3), device(2))).isNotEqualTo(ab);
    }
}
