package dev.shoal.engine.api;

import dev.shoal.engine.spi.Base32;
import dev.shoal.engine.spi.DeviceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The string both devices show while they are being paired, derived from both certificates (through their
 * device IDs), for users to compare by eye. It carries {@value #BITS} bits: a device in the middle has a
 * certificate of its own, so it shows another string on at least one side, and making its certificate give
 * the same string would take about 2^80 certificates, not the minutes 8 digits took. Both IDs are taken in a
 * fixed order, so both sides show the same.
 */
public final class VerificationCode {
    public static final int BITS = 80;

    private VerificationCode() {}

    /** Sixteen base32 characters in groups of four, as "ABCD-EFGH-IJKL-MNOP". */
    public static String of(DeviceId a, DeviceId b) {
        DeviceId first = a.compareTo(b) <= 0 ? a : b;
        DeviceId second = first == a ? b : a;
        byte[] digest;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("shoal-pairing-v2".getBytes(StandardCharsets.US_ASCII));
            md.update(first.hash());
            md.update(second.hash());
            digest = md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        String code = Base32.encode(Arrays.copyOf(digest, BITS / 8));
        return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8, 12) + "-"
                + code.substring(12, 16);
    }
}
