package dev.shoal.store.versions;

import java.time.Duration;
import java.util.Locale;

/**
 * What a folder keeps of files that other devices replaced or deleted.
 *
 * <ul>
 *   <li>{@code none}: nothing, the old file is deleted;
 *   <li>{@code trash}: every old version, for {@code keep} days (default 30);
 *   <li>{@code simple}: the newest {@code keep} versions of each file (default 5);
 *   <li>{@code staggered}: one version per 30 s for the first hour, per hour for the first day, per day for 30
 *       days, per week after that, none older than {@code maxAgeDays} (default 365);
 *   <li>{@code external}: {@code command} is run with the file's path ({@code %FILE_PATH%} in it is replaced,
 *       otherwise the path is the last argument) and must take the file away.
 * </ul>
 *
 * <p>With {@code localChanges}, files changed or deleted on this device are versioned the same way. That needs
 * the old content after it is gone from the folder, so a copy of every file is kept beside it (the folder takes
 * twice its space).
 */
public record Versioning(Type type, int keep, int maxAgeDays, String command, boolean localChanges) {
    public enum Type {
        NONE,
        TRASH,
        SIMPLE,
        STAGGERED,
        EXTERNAL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static Type parse(String label) {
            for (Type t : values()) {
                if (t.label().equals(label)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(
                    "unknown versioning '" + label + "'; use none, trash, simple, staggered or external");
        }
    }

    /** Today's behaviour: every replaced or deleted file kept 30 days. */
    public static final Versioning DEFAULT = new Versioning(Type.TRASH, 30, 0, null);

    public Versioning(Type type, int keep, int maxAgeDays, String command) {
        this(type, keep, maxAgeDays, command, false);
    }

    public Versioning {
        if (type == null) {
            type = Type.TRASH;
        }
        if (keep <= 0) {
            keep = type == Type.SIMPLE ? 5 : 30;
        }
        if (maxAgeDays <= 0) {
            maxAgeDays = 365;
        }
        if (type == Type.EXTERNAL && (command == null || command.isBlank())) {
            throw new IllegalArgumentException("external versioning needs a command");
        }
    }

    /** How long trash keeps a version. */
    public Duration retention() {
        return Duration.ofDays(keep);
    }
}
