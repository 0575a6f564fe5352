package dev.shoal.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** File contents and comparisons the multi-node tests share. */
public final class TestFiles {
    private TestFiles() {}

    /** {@code size} bytes of seeded random data: the same seed gives the same content in every run. */
    public static byte[] random(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Whether {@code b} exists and holds exactly {@code a}'s bytes (false while it is missing or unreadable). */
    public static boolean sameBytes(Path a, Path b) {
        try {
            return Files.exists(b) && Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
        } catch (IOException e) {
            return false;
        }
    }
}
