package dev.shoal.app.adversary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real case-insensitive file system for tests: an exFAT image on a loop device, mounted through FUSE
 * (exfat-fuse), the way a USB stick or an SD card is. This kernel has neither vfat nor ext4 casefold, so exFAT
 * is the case-insensitive file system at hand. Needs root, losetup, mkfs.exfat and mount.exfat-fuse (CI
 * installs them); elsewhere tests using it are skipped, except under CI, where a missing tool is a failure.
 */
final class ExfatMount implements AutoCloseable {
    final Path root;
    private final String device;

    private ExfatMount(Path root, String device) {
        this.root = root;
        this.device = device;
    }

    /** Whether this machine can make one; under CI it must. */
    static boolean available() {
        boolean can = "root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/sbin/mkfs.exfat"))
                && Files.isExecutable(Path.of("/usr/sbin/mount.exfat-fuse"))
                && Files.exists(Path.of("/dev/fuse"));
        if (!can && System.getenv("CI") != null) {
            throw new AssertionError("CI must be able to mount exFAT: run as root with exfat-fuse, exfatprogs"
                    + " and fuse3 installed (.ci/run installs them)");
        }
        return can;
    }

    static ExfatMount create(Path dir, int megabytes) throws IOException, InterruptedException {
        Path image = dir.resolve("exfat.img");
        Path mountPoint = Files.createDirectories(dir.resolve("exfat"));
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength((long) megabytes << 20);
        }
        run("/usr/sbin/mkfs.exfat", image.toString());
        String device = run("losetup", "-f", "--show", image.toString()).strip();
        try {
            run("/usr/sbin/mount.exfat-fuse", device, mountPoint.toString());
        } catch (IOException e) {
            run("losetup", "-d", device);
            throw e;
        }
        return new ExfatMount(mountPoint, device);
    }

    /** Whether {@code a} and {@code b} name one file here (they do on this file system, when case differs). */
    boolean sameFile(String a, String b) {
        return Files.exists(root.resolve(a)) && Files.exists(root.resolve(b));
    }

    @Override
    public void close() {
        try {
            run("umount", root.toString());
        } catch (IOException | InterruptedException e) {
            try {
                run("umount", "-l", root.toString());
            } catch (IOException | InterruptedException ignored) {
                // best effort; the loop device is freed below either way
            }
        }
        try {
            run("losetup", "-d", device);
        } catch (IOException | InterruptedException ignored) {
            // already gone
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 30 s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
