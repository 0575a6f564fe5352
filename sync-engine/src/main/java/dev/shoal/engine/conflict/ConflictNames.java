package dev.shoal.engine.conflict;

import dev.shoal.engine.spi.DeviceId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of conflict copies: {@code name.sync-conflict-YYYYMMDD-HHMMSS-DEVICE7.ext}, from the losing version's
 * modification time (UTC) and the first 7 characters of the ID of the device that made it. Both devices derive
 * the same name from the same version, so the copy each makes is one and the same file.
 */
public final class ConflictNames {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern COPY =
            Pattern.compile("^(.*)\\.sync-conflict-(\\d{8})-(\\d{6})-([A-Z2-7]{7})((?:\\.[^./]*)?)$");

    private ConflictNames() {}

    /** The conflict copy name for the version of {@code name} modified at {@code mtimeSeconds} by a device. */
    public static String of(String name, long mtimeSeconds, long modifiedBy) {
        int slash = name.lastIndexOf('/');
        String dir = name.substring(0, slash + 1);
        String base = name.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        // A leading dot marks a hidden file, not an extension (".bashrc" has none).
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String ext = dot > 0 ? base.substring(dot) : "";
        return dir + stem + ".sync-conflict-" + STAMP.format(Instant.ofEpochSecond(mtimeSeconds)) + "-"
                + DeviceId.shortString(modifiedBy) + ext;
    }

    public static boolean isCopy(String name) {
        return COPY.matcher(name).matches();
    }

    /** The name a conflict copy was made from, if {@code name} is one. */
    public static Optional<String> original(String name) {
        Matcher m = COPY.matcher(name);
        return m.matches() ? Optional.of(m.group(1) + m.group(5)) : Optional.empty();
    }

    /** The 7-character device ID prefix in a conflict copy's name. */
    public static Optional<String> device(String name) {
        Matcher m = COPY.matcher(name);
        return m.matches() ? Optional.of(m.group(4)) : Optional.empty();
    }
}
