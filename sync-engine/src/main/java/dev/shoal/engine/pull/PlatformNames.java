package dev.shoal.engine.pull;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names a receiving file system cannot hold as they are: on Windows, reserved device names ({@code CON},
 * {@code NUL}, {@code COM1}..., with or without an extension), the characters {@code <>:"|?*} and control
 * characters, and a trailing dot or space; on case-insensitive file systems (Windows, macOS by default), two
 * names that differ only in case or Unicode normalization. Such entries are not written and become per-file
 * errors; everything else in the folder syncs normally.
 */
public final class PlatformNames {
    private static final Set<String> RESERVED = Set.of(
            "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
            "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    private static final Pattern FORBIDDEN = Pattern.compile("[<>:\"|?*\\x00-\\x1F]");

    private final boolean windowsRules;
    private final boolean caseInsensitive;

    public PlatformNames(boolean windowsRules, boolean caseInsensitive) {
        this.windowsRules = windowsRules;
        this.caseInsensitive = caseInsensitive;
    }

    /** The rules of the machine this runs on (case-insensitive on Windows and macOS, their default). */
    public static PlatformNames local() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean windows = os.startsWith("windows");
        return new PlatformNames(windows, windows || os.startsWith("mac"));
    }

    /** Why {@code name} ('/'-separated) cannot be written here, if it cannot. */
    public Optional<String> invalid(String name) {
        if (!windowsRules) {
            return Optional.empty();
        }
        for (String part : name.split("/")) {
            String base = part.contains(".") ? part.substring(0, part.indexOf('.')) : part;
            if (RESERVED.contains(base.strip().toUpperCase(Locale.ROOT))) {
                return Optional.of("'" + part + "' is a reserved device name on Windows; not synced here");
            }
            if (FORBIDDEN.matcher(part).find()) {
                return Optional.of(
                        "'" + part + "' contains a character Windows does not allow (<>:\"|?*); not synced here");
            }
            if (part.endsWith(".") || part.endsWith(" ")) {
                return Optional.of("'" + part + "' ends with a dot or space, which Windows drops; not synced here");
            }
        }
        return Optional.empty();
    }

    /**
     * The name already in {@code existing} (local names, keyed by {@link #key}) that {@code name} would
     * overwrite on this file system, if any.
     */
    public Optional<String> collision(String name, Map<String, String> existing) {
        if (!caseInsensitive) {
            return Optional.empty();
        }
        String other = existing.get(key(name));
        return other != null && !other.equals(name) ? Optional.of(other) : Optional.empty();
    }

    /**
     * The rules for a folder at {@code root}: this OS's, and case-insensitive also where the folder's own disk
     * folds case (a USB stick or SD card in exFAT on Linux), which is probed on Shoal's {@code .shoal}
     * directory there.
     */
    public static PlatformNames forFolder(java.nio.file.Path root) {
        PlatformNames os = local();
        boolean folds = os.caseInsensitive || probeFoldsCase(root);
        return new PlatformNames(os.windowsRules, folds);
    }

    private static boolean probeFoldsCase(java.nio.file.Path root) {
        java.nio.file.Path marker = root.resolve(dev.shoal.store.fs.FolderLayout.INTERNAL_DIR);
        return java.nio.file.Files.isDirectory(marker, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && java.nio.file.Files.isDirectory(
                        root.resolve(dev.shoal.store.fs.FolderLayout.INTERNAL_DIR.toUpperCase(Locale.ROOT)),
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Checks incoming names against {@code present} (the names on disk now) and against each other: of two
     * incoming names that would be one file here, the first accepted keeps it and the second is refused.
     */
    public Checker checker(java.util.Collection<String> present) {
        Map<String, String> keys = new java.util.HashMap<>();
        if (caseInsensitive) {
            present.forEach(n -> keys.put(key(n), n));
        }
        return name -> {
            Optional<String> problem = invalid(name).or(() -> collision(name, keys)
                    .map(other -> "differs from '" + other + "' only in case or accents, which this file"
                            + " system cannot keep apart; not synced here"));
            if (problem.isEmpty() && caseInsensitive) {
                keys.putIfAbsent(key(name), name);
            }
            return problem;
        };
    }

    /** Why an incoming name cannot be written here, if it cannot. */
    @FunctionalInterface
    public interface Checker {
        Optional<String> problem(String name);
    }

    /** Whether two distinct names can map to one file here (so collisions must be checked). */
    public boolean foldsNames() {
        return caseInsensitive;
    }

    /** How this file system tells names apart: folded case and NFC where it is case-insensitive. */
    public String key(String name) {
        String nfc = Normalizer.normalize(name, Normalizer.Form.NFC);
        return caseInsensitive ? nfc.toLowerCase(Locale.ROOT) : nfc;
    }
}
