package dev.shoal.store.fs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names Shoal reserves inside a synced folder: the {@code .shoal} directory at the root (marker and versions
 * area) and hidden temp files beside their targets. Scans skip both, so they are never synced.
 *
 * <p>Reserved names are matched the way the most forgiving file system would match them: case-insensitively
 * (macOS, Windows), ignoring the code points HFS+ ignores, and ignoring the trailing dots and spaces Windows
 * drops. So {@code .Shoal}, {@code .SHOAL.} or {@code .sh\u200Coal} are the internal directory too, and a peer
 * can never name a file into it on any device.
 */
public final class FolderLayout {
    public static final String INTERNAL_DIR = ".shoal";
    public static final String VERSIONS_DIR = INTERNAL_DIR + "/versions";
    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".shoal-tmp";
    /** A file name's limit on common file systems, in bytes of UTF-8. */
    private static final int MAX_NAME_BYTES = 255;

    private FolderLayout() {}

    /**
     * The temp file a download of {@code name} is written to, beside the target so the final rename is atomic.
     * It carries a hash of the exact name, so two names one file system cannot tell apart ({@code Foo.txt},
     * {@code foo.txt}) never share a temp file.
     */
    public static Path tempFor(Path root, String name) {
        Path target = resolve(root, name);
        String file = target.getFileName().toString();
        String tag = "." + shortHash(name) + TEMP_SUFFIX;
        int room = MAX_NAME_BYTES - TEMP_PREFIX.length() - tag.length();
        return target.resolveSibling(TEMP_PREFIX + truncateUtf8(file, room) + tag);
    }

    /** True for Shoal's temp-file names in every case and spelling variant. */
    public static boolean isTemp(String fileName) {
        String f = fold(fileName);
        return f.startsWith(TEMP_PREFIX) && f.endsWith(TEMP_SUFFIX);
    }

    /**
     * True for the internal directory and anything below it ({@code name} relative, '/'-separated), in every
     * case and spelling variant a file system might take for it.
     */
    public static boolean isInternal(String name) {
        int slash = name.indexOf('/');
        String first = slash < 0 ? name : name.substring(0, slash);
        return fold(first).equals(INTERNAL_DIR);
    }

    /**
     * A name component as a forgiving file system compares it: NFC, HFS+-ignorable code points removed,
     * trailing dots and spaces dropped (Windows), case folded (full folding, so the long s and the Kelvin sign
     * fold too).
     */
    public static String fold(String component) {
        String nfc = Normalizer.normalize(component, Normalizer.Form.NFC);
        StringBuilder kept = new StringBuilder(nfc.length());
        nfc.codePoints().filter(cp -> !ignorable(cp)).forEach(kept::appendCodePoint);
        int end = kept.length();
        while (end > 0 && (kept.charAt(end - 1) == '.' || kept.charAt(end - 1) == ' ')) {
            end--;
        }
        String stripped = kept.substring(0, end);
        return stripped.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** Code points HFS+ leaves out when it compares names (zero-width and direction marks, the BOM). */
    private static boolean ignorable(int cp) {
        return (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x206A && cp <= 0x206F)
                || cp == 0xFEFF
                || cp == 0x00AD;
    }

    public static Path resolve(Path root, String name) {
        return root.resolve(
                name.replace('/', root.getFileSystem().getSeparator().charAt(0)));
    }

    private static String shortHash(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String truncateUtf8(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        int end = s.length();
        while (end > 0 && s.substring(0, end).getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            end = Character.isLowSurrogate(s.charAt(end - 1)) && end > 1 ? end - 2 : end - 1;
        }
        return s.substring(0, end);
    }
}
