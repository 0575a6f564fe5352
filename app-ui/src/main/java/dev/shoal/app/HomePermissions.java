package dev.shoal.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Keeps Shoal's home directory to its owner: the directory and its subdirectories 0700, its files (config,
 * identity, the index with every synced file name) 0600, whatever the umask. Applied when a home is made and
 * each time a daemon starts, so a home made by an older version is tightened too. Where the file system has
 * no POSIX permissions (Windows) each entry's ACL is set to its owner alone.
 */
public final class HomePermissions {
    private HomePermissions() {}

    /**
     * Windows: the entry's ACL becomes one entry, its owner with full control (inherited by what a directory
     * holds), and nothing inherited from above; elsewhere without POSIX, the file API's owner-only flags.
     */
    private static void ownerOnlyAcl(Path p, boolean dir) throws IOException {
        var view = Files.getFileAttributeView(p, java.nio.file.attribute.AclFileAttributeView.class);
        if (view == null) {
            java.io.File f = p.toFile();
            f.setReadable(false, false);
            f.setWritable(false, false);
            f.setReadable(true, true);
            f.setWritable(true, true);
            return;
        }
        var entry = java.nio.file.attribute.AclEntry.newBuilder()
                .setType(java.nio.file.attribute.AclEntryType.ALLOW)
                .setPrincipal(view.getOwner())
                .setPermissions(java.util.EnumSet.allOf(java.nio.file.attribute.AclEntryPermission.class));
        if (dir) {
            entry.setFlags(
                    java.nio.file.attribute.AclEntryFlag.FILE_INHERIT,
                    java.nio.file.attribute.AclEntryFlag.DIRECTORY_INHERIT);
        }
        view.setAcl(java.util.List.of(entry.build()));
    }

    public static void secure(Path home) throws IOException {
        if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(home);
        }
        boolean posix = home.getFileSystem().supportedFileAttributeViews().contains("posix");
        try (Stream<Path> all = Files.walk(home, 2)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                if (posix) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(dir ? "rwx------" : "rw-------"));
                } else {
                    ownerOnlyAcl(p, dir);
                }
            }
        }
    }
}
