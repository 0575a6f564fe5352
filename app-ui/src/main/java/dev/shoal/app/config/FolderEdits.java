package dev.shoal.app.config;

import dev.shoal.engine.api.FolderType;
import dev.shoal.engine.spi.DeviceId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Edits of folders and devices already set up: remove, relabel, share, unshare, retype, rename, readdress. */
public final class FolderEdits {
    /** Shortest rescan interval a user may set: a full walk of a large folder costs a core for seconds. */
    public static final int MIN_RESCAN_S = 10;

    private FolderEdits() {}

    /** What to change in a folder; null (or empty) leaves that setting as it is. */
    public record FolderChange(
            String label,
            List<DeviceId> share,
            List<DeviceId> unshare,
            String type,
            Integer rescanIntervalS,
            Boolean watch,
            Config.VersioningSettings versioning) {
        public FolderChange(
                String label,
                List<DeviceId> share,
                List<DeviceId> unshare,
                String type,
                Integer rescanIntervalS,
                Boolean watch) {
            this(label, share, unshare, type, rescanIntervalS, watch, null);
        }
    }

    /** Stops syncing folder {@code id} here; its files stay where they are. */
    public static Config removeFolder(Config c, String id) {
        folder(c, id);
        return c.withoutFolder(id);
    }

    public static Config editFolder(Config c, String id, FolderChange change) {
        Config.SharedFolder f = folder(c, id);
        Set<String> with = new LinkedHashSet<>(f.sharedWith());
        for (DeviceId d : change.share()) {
            if (c.device(d.toString()).isEmpty()) {
                throw new InvalidConfigException("Device " + d + " is not paired. Add it first: shoal device add " + d);
            }
            with.add(d.toString());
        }
        for (DeviceId d : change.unshare()) {
            if (!with.remove(d.toString())) {
                throw new InvalidConfigException("Folder '" + id + "' is not shared with " + d + ".");
            }
        }
        String type = f.type();
        if (change.type() != null) {
            try {
                type = FolderType.parse(change.type()).label();
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(e.getMessage());
            }
        }
        Integer rescan = f.rescanIntervalS();
        if (change.rescanIntervalS() != null) {
            if (change.rescanIntervalS() < MIN_RESCAN_S) {
                throw new InvalidConfigException(
                        "A rescan interval under " + MIN_RESCAN_S + " s would keep the disk busy; give more.");
            }
            rescan = change.rescanIntervalS();
        }
        String label = change.label() == null ? f.label() : change.label().strip();
        if (label != null && label.length() > 200) {
            throw new InvalidConfigException("A label has at most 200 characters.");
        }
        return c.withFolder(new Config.SharedFolder(
                f.id(),
                f.path(),
                List.copyOf(with),
                type,
                f.paused(),
                label == null || label.isEmpty() ? null : label,
                rescan,
                change.watch() == null ? f.watch() : change.watch(),
                change.versioning() == null ? f.versioning() : checked(change.versioning())));
    }

    /** What the engine syncs for this folder entry. */
    public static dev.shoal.engine.api.FolderSpec spec(Config.SharedFolder f) {
        return new dev.shoal.engine.api.FolderSpec(
                f.id(),
                java.nio.file.Path.of(f.path()),
                f.sharedWith().stream().map(DeviceId::parse).collect(java.util.stream.Collectors.toUnmodifiableSet()),
                FolderType.parse(f.type()),
                f.paused(),
                versioning(f.versioning()));
    }

    /** The engine's policy for {@code s} (null: the default); InvalidConfigException for the user when it is wrong. */
    public static dev.shoal.store.versions.Versioning versioning(Config.VersioningSettings s) {
        if (s == null) {
            return dev.shoal.store.versions.Versioning.DEFAULT;
        }
        try {
            return new dev.shoal.store.versions.Versioning(
                    dev.shoal.store.versions.Versioning.Type.parse(s.type()),
                    s.keep() == null ? 0 : s.keep(),
                    s.maxAgeDays() == null ? 0 : s.maxAgeDays(),
                    s.command(),
                    Boolean.TRUE.equals(s.localChanges()));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    private static Config.VersioningSettings checked(Config.VersioningSettings s) {
        if ((s.keep() != null && s.keep() < 1) || (s.maxAgeDays() != null && s.maxAgeDays() < 1)) {
            throw new InvalidConfigException("--keep and --max-age must be at least 1.");
        }
        versioning(s);
        return s;
    }

    /** Renames a paired device, or replaces its addresses ({@code clearAddresses}: none, found by discovery). */
    public static Config editDevice(
            Config c, DeviceId id, String name, List<String> addresses, boolean clearAddresses) {
        Config.PeerDevice d = c.device(id.toString())
                .orElseThrow(() -> new InvalidConfigException("Device " + id + " is not paired."));
        if (clearAddresses && !addresses.isEmpty()) {
            throw new InvalidConfigException("Give --address or --no-address, not both.");
        }
        for (String a : addresses) {
            checkHostPort(a);
        }
        List<String> addrs = clearAddresses ? List.of() : addresses.isEmpty() ? d.addresses() : addresses;
        String n = name == null ? d.name() : name.strip();
        return c.withDevice(new Config.PeerDevice(d.id(), n, addrs, d.paused()));
    }

    /** A device address as the window or the API gives it: HOST:PORT ([IPv6]:PORT), nothing resolved here. */
    static void checkHostPort(String a) {
        int colon = a.lastIndexOf(':');
        String host = colon > 0 ? a.substring(0, colon) : "";
        int port = -1;
        try {
            port = colon > 0 ? Integer.parseInt(a.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            // reported below
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace) || port < 1 || port > 65535) {
            throw new InvalidConfigException("'" + a + "' is not an address; give HOST:PORT, e.g. 192.168.1.20:22000");
        }
    }

    private static Config.SharedFolder folder(Config c, String id) {
        return c.folder(id)
                .orElseThrow(() -> new InvalidConfigException(
                        "There is no folder '" + id + "' here. See them with: shoal folder list"));
    }
}
