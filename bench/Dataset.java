import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Seeded benchmark datasets, identical on every run and machine (run as a source file: java bench/Dataset.java).
 *
 * <pre>
 *   java bench/Dataset.java large DIR   one 1 GiB incompressible file
 *   java bench/Dataset.java small DIR   10,000 files of 4-64 KiB in 100 nested directories
 *   java bench/Dataset.java mixed DIR   2 files of 100-300 MiB, 120 of 1-10 MiB, 3,000 of 4-64 KiB (~1 GiB)
 *   java bench/Dataset.java edit DIR    in DIR/large.bin: overwrite 1 MiB in the middle, insert 100 bytes near the start
 *   java bench/Dataset.java second DIR  DIR/second.bin: another 1 GiB incompressible file (the `warm` step)
 * </pre>
 *
 * Content is pseudo-random (incompressible); mtimes are fixed so two copies of a dataset look alike.
 */
public final class Dataset {
    private static final long SEED = 20261121L;
    private static final Instant MTIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java bench/Dataset.java large|small|mixed|edit|second DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        SplittableRandom rnd = new SplittableRandom(SEED + args[0].hashCode());
        switch (args[0]) {
            case "large" -> file(dir.resolve("large.bin"), 1024L * MIB, rnd);
            case "small" -> small(dir, "", 10_000, rnd);
            case "mixed" -> mixed(dir, rnd);
            case "edit" -> edit(dir.resolve("large.bin"), rnd);
            case "second" -> file(dir.resolve("second.bin"), 1024L * MIB, rnd);
            default -> {
                System.err.println("unknown profile " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void small(Path dir, String prefix, int count, SplittableRandom rnd) throws IOException {
        for (int i = 0; i < count; i++) {
            int d = i % 100;
            // 10 top-level directories with 10 subdirectories each: 100 leaves, two levels deep.
            Path sub = dir.resolve(prefix + "d" + d / 10).resolve("e" + d % 10);
            file(sub.resolve("f" + i + ".dat"), rnd.nextInt(4 * KIB, 64 * KIB + 1), rnd);
        }
    }

    private static void mixed(Path dir, SplittableRandom rnd) throws IOException {
        for (int i = 0; i < 2; i++) {
            file(dir.resolve("big/video" + i + ".bin"), rnd.nextLong(100L * MIB, 300L * MIB + 1), rnd);
        }
        for (int i = 0; i < 120; i++) {
            file(dir.resolve("medium/m" + i % 12 + "/photo" + i + ".raw"), rnd.nextLong(MIB, 10L * MIB + 1), rnd);
        }
        small(dir, "small/", 3_000, rnd);
    }

    private static void file(Path path, long size, SplittableRandom rnd) throws IOException {
        Files.createDirectories(path.getParent());
        byte[] buf = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(buf.length, left);
                rnd.nextBytes(buf);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        Files.setLastModifiedTime(path, FileTime.from(MTIME));
    }

    /** The `edit` step of the benchmark: 1 MiB overwritten in the middle, 100 bytes inserted near the start. */
    private static void edit(Path path, SplittableRandom rnd) throws IOException {
        long size = Files.size(path);
        byte[] patch = new byte[MIB];
        rnd.nextBytes(patch);
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.seek(size / 2);
            raf.write(patch);
        }
        byte[] inserted = new byte[100];
        rnd.nextBytes(inserted);
        long at = 4096 + 13;
        Path tmp = path.resolveSibling(".edit.tmp");
        try (var in = Files.newInputStream(path);
                OutputStream out = Files.newOutputStream(tmp)) {
            out.write(in.readNBytes((int) at));
            out.write(inserted);
            in.transferTo(out);
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(path, FileTime.from(MTIME.plusSeconds(60)));
    }
}
