package dev.shoal.engine.spi;

/** RFC 4648 base32 without padding, upper case. */
public final class Base32 {
    private Base32() {}

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(DeviceId.ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(DeviceId.ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** Decodes exactly {@code length} bytes; null when the text does not encode that (or has stray bits). */
    public static byte[] decode(String text, int length) {
        if (text.length() != (length * 8 + 4) / 5) {
            return null;
        }
        byte[] out = new byte[length];
        int buffer = 0;
        int bits = 0;
        int pos = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = DeviceId.ALPHABET.indexOf(text.charAt(i));
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[pos++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
            buffer &= (1 << bits) - 1;
        }
        // The padding bits of the last character must be zero, or the text was not made by encode().
        return buffer == 0 ? out : null;
    }
}
