package dev.shoal.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

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

    public static void write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, data);
    }

    /** Relative name -> SHA-256 of every file ("dir" for directories), leaving out Shoal's own files. */
    public static TreeMap<String, String> tree(Path root) {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String rel = root.relativize(p).toString();
                if (rel.isEmpty()
                        || rel.startsWith(".shoal")
                        || p.getFileName().toString().endsWith(".shoal-tmp")) {
                    continue;
                }
                out.put(
                        rel,
                        Files.isDirectory(p)
                                ? "dir"
                                : HexFormat.of()
                                        .formatHex(MessageDigest.getInstance("SHA-256")
                                                .digest(Files.readAllBytes(p))));
            }
        } catch (Exception e) {
            return new TreeMap<>(Map.of("error", String.valueOf(e)));
        }
        return out;
    }
}
