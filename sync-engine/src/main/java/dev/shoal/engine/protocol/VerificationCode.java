package dev.shoal.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A short code both devices show before they are paired, derived from both certificates (through their device
 * IDs), so users can compare them by eye: a device in the middle, with a certificate of its own, gets another
 * code on at least one side. The same on both sides because the two IDs are taken in a fixed order.
 */
public final class VerificationCode {
    private static final String DIGITS = "0123456789";
    private static final int LENGTH = 8;

    private VerificationCode() {}

    /** Eight digits as "1234 5678". */
    public static String of(DeviceId a, DeviceId b) {
        DeviceId first = a.compareTo(b) <= 0 ? a : b;
        DeviceId second = first == a ? b : a;
        byte[] digest;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("shoal-pairing-v1".getBytes(StandardCharsets.US_ASCII));
            md.update(first.hash());
            md.update(second.hash());
            digest = md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        value = Long.remainderUnsigned(value, 100_000_000L);
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < LENGTH; i++) {
            code.insert(0, DIGITS.charAt((int) (value % 10)));
            value /= 10;
        }
        return code.substring(0, 4) + " " + code.substring(4);
    }
}
