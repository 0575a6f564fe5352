package dev.shoal.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Keeps Shoal's home directory to its owner: the directory and Shoal's subdirectories 0700, Shoal's files
 * (config, identity, the index with every synced file name) 0600, whatever the umask. Applied when a home is made and
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
        // Only Shoal's own entries are touched: a --home pointing at a directory with other things in it (even
        // the user's home) must not have those changed. The directory itself is tightened only when it holds
        // nothing but Shoal's entries.
        boolean onlyOurs = true;
        try (Stream<Path> entries = Files.list(home)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (!ours(p.getFileName().toString())) {
                    onlyOurs = false;
                    continue;
                }
                restrict(p);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> inner = Files.list(p)) {
                        for (Path q : (Iterable<Path>) inner::iterator) {
                            restrict(q);
                        }
                    }
                }
            }
        }
        if (onlyOurs) {
            restrict(home);
        }
    }

    /** Names Shoal writes in its home (and the temp names its crash-safe writes use). */
    static boolean ours(String name) {
        return OWN.contains(name) || name.startsWith("index.db") || (name.startsWith(".") && name.contains(".tmp-"));
    }

    private static final java.util.Set<String> OWN =
            java.util.Set.of("identity", "config.json", ".config.lock", "api.json", "ui.json");

    private static void restrict(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return;
        }
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(dir ? "rwx------" : "rw-------"));
        } else {
            ownerOnlyAcl(p, dir);
        }
    }
}
