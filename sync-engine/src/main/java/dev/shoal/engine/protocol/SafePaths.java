package dev.shoal.engine.protocol;

import dev.shoal.store.fs.FolderLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The only way a name received from a peer becomes a path on disk. A name must be relative, '/'-separated and
 * NFC, with no empty, "." or ".." component, no NUL, no backslash, no drive letter, and must stay out of
 * Shoal's internal directory and temp-file names; and no directory on the way to it may be a symlink, which
 * could lead anywhere. Anything else is refused with the reason, so nothing is ever written outside the folder.
 */
public final class SafePaths {
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final int MAX_COMPONENT_BYTES = 255;

    private SafePaths() {}

    /** Checks a name's form; returns it unchanged when acceptable. */
    public static String validate(String name) throws UnsafeNameException {
        if (name == null || name.isEmpty()) {
            throw new UnsafeNameException(name, "empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeNameException(name, "contains a NUL character");
        }
        if (name.indexOf('\\') >= 0) {
            throw new UnsafeNameException(name, "contains a backslash (names are '/'-separated)");
        }
        if (name.startsWith("/")) {
            throw new UnsafeNameException(name, "is an absolute path");
        }
        if (DRIVE.matcher(name).matches()) {
            throw new UnsafeNameException(name, "starts with a drive letter");
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            throw new UnsafeNameException(name, "is not in Unicode NFC form");
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new UnsafeNameException(name, "has an empty, '.' or '..' component");
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
                throw new UnsafeNameException(name, "has a component longer than 255 bytes");
            }
            if (FolderLayout.isTemp(part)) {
                throw new UnsafeNameException(name, "uses Shoal's temp-file naming");
            }
        }
        if (FolderLayout.isInternal(name)) {
            throw new UnsafeNameException(
                    name, "is inside Shoal's internal " + FolderLayout.INTERNAL_DIR + " directory");
        }
        return name;
    }

    /**
     * Resolves a name inside {@code root}, refusing it when a directory on the way is a symlink (or not a
     * directory). Directories that do not exist yet are fine: they will be created as real directories.
     */
    public static Path resolve(Path root, String name) throws UnsafeNameException, IOException {
        validate(name);
        Path current = root;
        String[] parts = name.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            if (Files.isSymbolicLink(current)) {
                throw new UnsafeNameException(
                        name,
                        "goes through the symlink " + root.relativize(current)
                                + ", which could lead outside the folder");
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeNameException(name, root.relativize(current) + " is a file here, not a directory");
            }
        }
        Path target = current.resolve(parts[parts.length - 1]);
        if (!target.normalize().startsWith(root.normalize())) {
            throw new UnsafeNameException(name, "resolves outside the folder");
        }
        return target;
    }
}
