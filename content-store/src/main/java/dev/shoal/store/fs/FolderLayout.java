package dev.shoal.store.fs;

import java.nio.file.Path;

/**
 * Names Shoal reserves inside a synced folder: the {@code .shoal} directory at the root (marker and versions
 * area) and hidden temp files beside their targets. Scans skip both, so they are never synced.
 */
public final class FolderLayout {
    public static final String INTERNAL_DIR = ".shoal";
    public static final String VERSIONS_DIR = INTERNAL_DIR + "/versions";
    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".shoal-tmp";

    private FolderLayout() {}

    /** The temp file a download of {@code name} is written to, beside the target so the final rename is atomic. */
    public static Path tempFor(Path root, String name) {
        Path target = resolve(root, name);
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + TEMP_SUFFIX);
    }

    public static boolean isTemp(String fileName) {
        return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
    }

    /** True for the internal directory and anything below it ({@code name} relative, '/'-separated). */
    public static boolean isInternal(String name) {
        return name.equals(INTERNAL_DIR) || name.startsWith(INTERNAL_DIR + "/");
    }

    public static Path resolve(Path root, String name) {
        return root.resolve(
                name.replace('/', root.getFileSystem().getSeparator().charAt(0)));
    }
}
