package dev.shoal.store.fs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Directories Shoal creates or writes into inside a folder, made and checked one component at a time without
 * following a symlink: a symlink on the way (planted by a peer, or by anything else) could lead anywhere, so
 * it is refused rather than followed, and the result must lie under the folder's real root.
 */
public final class ContainedPaths {
    private ContainedPaths() {}

    /**
     * Creates {@code dir} (inside {@code root}) and every missing directory between, refusing any component
     * that is a symlink or not a directory; returns {@code dir}.
     *
     * @throws EscapingPathException when a component is a symlink or the directory lies outside the root
     */
    public static Path directories(Path root, Path dir) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        Path target = dir.toAbsolutePath().normalize();
        if (!target.startsWith(base)) {
            throw new EscapingPathException(dir + " is outside the folder " + root);
        }
        Path current = base;
        for (Path part : base.relativize(target)) {
            if (part.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new EscapingPathException(base.relativize(current)
                        + " is a symlink, which could lead outside the folder; nothing is written through it");
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(current);
                } catch (FileAlreadyExistsException raced) {
                    // made meanwhile; checked below like any existing one
                }
            }
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new EscapingPathException(base.relativize(current) + " is not a directory");
            }
        }
        checkUnderRoot(base, target);
        return dir;
    }

    /** Checks that {@code file}'s directory exists within {@code root} with no symlink on the way. */
    public static void parentsOf(Path root, Path file) throws IOException {
        directories(root, file.toAbsolutePath().normalize().getParent());
    }

    private static void checkUnderRoot(Path root, Path dir) throws IOException {
        Path realRoot = root.toRealPath();
        Path realDir = dir.toRealPath();
        if (!realDir.startsWith(realRoot)) {
            throw new EscapingPathException(dir + " resolves to " + realDir + ", outside the folder " + realRoot);
        }
    }

    /** A path Shoal was about to write lies outside the folder, or would be reached through a symlink. */
    public static final class EscapingPathException extends IOException {
        public EscapingPathException(String message) {
            super(message);
        }
    }
}
