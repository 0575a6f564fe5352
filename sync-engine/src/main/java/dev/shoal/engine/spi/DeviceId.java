package dev.shoal.engine.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A device's identity: the SHA-256 of its certificate (DER).
 *
 * <p>Printed as 56 base32 characters in 8 dash-separated groups of 7. The 52 characters of the
 * hash are split into 4 blocks of 13, and each block is followed by a Luhn mod 32 check character,
 * so every single-character typo (and most swaps of neighbours) is caught before a user pairs with
 * a device that does not exist.
 */
public final class DeviceId implements Comparable<DeviceId> {
    public static final int HASH_LENGTH = 32;

    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int DATA_CHARS = 52;
    private static final int BLOCK = 13;
    private static final int GROUP = 7;
    private static final int TEXT_CHARS = DATA_CHARS + DATA_CHARS / BLOCK;

    private final byte[] hash;
    private final String text;

    private DeviceId(byte[] hash) {
        this.hash = hash;
        this.text = format(hash);
    }

    public static DeviceId ofHash(byte[] sha256) {
        if (sha256.length != HASH_LENGTH) {
            throw new IllegalArgumentException("a device id hash has 32 bytes, not " + sha256.length);
        }
        return new DeviceId(sha256.clone());
    }

    public static DeviceId ofCertificate(byte[] certificateDer) {
        try {
            return new DeviceId(MessageDigest.getInstance("SHA-256").digest(certificateDer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Parses a typed or pasted id. Lower case, missing dashes and spaces anywhere are accepted.
     *
     * @throws InvalidDeviceIdException with a message that tells the user what is wrong
     */
    public static DeviceId parse(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidDeviceIdException("The device ID is empty.");
        }
        StringBuilder clean = new StringBuilder(TEXT_CHARS);
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            char upper = Character.toUpperCase(c);
            if (ALPHABET.indexOf(upper) < 0) {
                throw new InvalidDeviceIdException(badCharacterMessage(c));
            }
            clean.append(upper);
        }
        if (clean.length() != TEXT_CHARS) {
            throw new InvalidDeviceIdException("A device ID has " + TEXT_CHARS + " letters and digits (8 groups of 7);"
                    + " this one has " + clean.length() + ". Copy it again from the other device.");
        }
        StringBuilder data = new StringBuilder(DATA_CHARS);
        for (int block = 0; block < DATA_CHARS / BLOCK; block++) {
            int start = block * (BLOCK + 1);
            String chunk = clean.substring(start, start + BLOCK);
            char check = clean.charAt(start + BLOCK);
            if (luhnCheck(chunk) != check) {
                throw new InvalidDeviceIdException("The device ID has a typo in group " + (start / GROUP + 1) + " or "
                        + ((start + BLOCK) / GROUP + 1) + " (its check character does not match)."
                        + " Compare it with the ID shown on the other device.");
            }
            data.append(chunk);
        }
        byte[] hash = Base32.decode(data.toString(), HASH_LENGTH);
        if (hash == null) {
            throw new InvalidDeviceIdException(
                    "The device ID has a typo near its end. Compare it with the ID shown" + " on the other device.");
        }
        return new DeviceId(hash);
    }

    public byte[] hash() {
        return hash.clone();
    }

    /** The first 64 bits, used where a compact key is enough (version vectors). */
    public long shortValue() {
        return java.nio.ByteBuffer.wrap(hash).getLong();
    }

    /** The first group of the printed form, for names a person reads (conflict copies, logs). */
    public String shortString() {
        return text.substring(0, GROUP);
    }

    /** The {@link #shortString} of the device whose {@link #shortValue} is {@code shortValue}. */
    public static String shortString(long shortValue) {
        return Base32.encode(java.nio.ByteBuffer.allocate(Long.BYTES)
                        .putLong(shortValue)
                        .array())
                .substring(0, GROUP);
    }

    public String toHex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceId other && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public int compareTo(DeviceId o) {
        return Arrays.compareUnsigned(hash, o.hash);
    }

    private static String format(byte[] hash) {
        String data = Base32.encode(hash);
        StringBuilder withChecks = new StringBuilder(TEXT_CHARS);
        for (int start = 0; start < DATA_CHARS; start += BLOCK) {
            String chunk = data.substring(start, start + BLOCK);
            withChecks.append(chunk).append(luhnCheck(chunk));
        }
        StringBuilder grouped = new StringBuilder(TEXT_CHARS + TEXT_CHARS / GROUP);
        for (int i = 0; i < TEXT_CHARS; i += GROUP) {
            if (i > 0) {
                grouped.append('-');
            }
            grouped.append(withChecks, i, i + GROUP);
        }
        return grouped.toString();
    }

    /** Luhn mod 32: detects every single substitution because doubling permutes the alphabet. */
    static char luhnCheck(CharSequence chars) {
        int n = ALPHABET.length();
        int factor = 2;
        int sum = 0;
        for (int i = chars.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(chars.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }
        return ALPHABET.charAt((n - sum % n) % n);
    }

    private static String badCharacterMessage(char c) {
        String hint =
                switch (c) {
                    case '0' -> " (did you mean the letter O?)";
                    case '1' -> " (did you mean the letter I?)";
                    case '8' -> " (did you mean the letter B?)";
                    default -> "";
                };
        return "A device ID contains only the letters A-Z and the digits 2-7; '" + c + "' is not one of them" + hint
                + ".";
    }
}
