package dev.shoal.store.chunk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest as an immutable value. */
public final class Hash {
    public static final int LENGTH = 32;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hash::newDigest);

    private final byte[] bytes;
    private final int hashCode;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
        this.hashCode = Arrays.hashCode(bytes);
    }

    public static Hash of(byte[] sha256) {
        if (sha256.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, not " + sha256.length);
        }
        return new Hash(sha256.clone());
    }

    public static Hash fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public static Hash sha256(byte[] data, int off, int len) {
        MessageDigest md = SHA256.get();
        md.update(data, off, len);
        return new Hash(md.digest());
    }

    /** The thread's reusable SHA-256 digest, reset. */
    static MessageDigest digest() {
        MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The first 8 bytes as a long: the key of the chunk locator (the full hash is checked on every read). */
    public long prefix() {
        return java.nio.ByteBuffer.wrap(bytes).getLong();
    }

    public boolean matches(byte[] data, int off, int len) {
        MessageDigest md = SHA256.get();
        md.update(data, off, len);
        return MessageDigest.isEqual(md.digest(), bytes);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && h.hashCode == hashCode && Arrays.equals(h.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return hex().substring(0, 16);
    }
}
