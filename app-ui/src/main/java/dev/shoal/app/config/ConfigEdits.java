package dev.shoal.app.config;

import dev.shoal.engine.api.FolderType;
import dev.shoal.engine.spi.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The config changes users make (pairing a device, sharing a folder), checked the same way whether they come
 * from the command line or the window. Each returns the changed config or throws {@link InvalidConfigException}
 * with a message for the user.
 */
public final class ConfigEdits {

    private ConfigEdits() {}

    /** Pairs with {@code peer} (or updates it): a name and addresses only replace the old ones when given. */
    public static Config addDevice(Config c, DeviceId self, DeviceId peer, String name, List<String> addresses) {
        if (peer.equals(self)) {
            throw new InvalidConfigException("That is this device's own ID. Add the ID shown on the other device.");
        }
        Config.PeerDevice old = c.device(peer.toString()).orElse(null);
        String n = name != null && !name.isBlank() ? name.strip() : old != null ? old.name() : "";
        List<String> addrs = !addresses.isEmpty() ? addresses : old != null ? old.addresses() : List.of();
        return c.withDevice(new Config.PeerDevice(peer.toString(), n, addrs, old != null && old.paused()));
    }

    /**
     * Unpairs {@code peer}: it leaves the devices and every folder it was shared with. A running daemon then
     * closes its connections and never admits it again unless it is paired anew; files stay on disk.
     */
    public static Config removeDevice(Config c, DeviceId peer) {
        if (c.device(peer.toString()).isEmpty()) {
            throw new InvalidConfigException("Device " + peer + " is not paired, so there is nothing to remove.");
        }
        return c.withoutDevice(peer.toString());
    }

    /** A config with some folders and devices paused or resumed, and what changed, for the user. */
    public record Paused(Config config, List<String> changed) {}

    /** Pauses (or resumes) the folders and devices whose IDs the predicates select. */
    public static Paused setPaused(
            Config c,
            java.util.function.Predicate<String> folders,
            java.util.function.Predicate<String> devices,
            boolean pause) {
        Config out = c;
        List<String> changed = new java.util.ArrayList<>();
        for (Config.SharedFolder f : c.folders()) {
            if (folders.test(f.id()) && f.paused() != pause) {
                out = out.withFolder(f.withPaused(pause));
                changed.add("folder '" + f.id() + "'");
            }
        }
        for (Config.PeerDevice d : c.devices()) {
            if (devices.test(d.id()) && d.paused() != pause) {
                out = out.withDevice(d.withPaused(pause));
                changed.add("device " + (d.name().isEmpty() ? d.id() : d.name()));
            }
        }
        return new Paused(out, List.copyOf(changed));
    }

    /** Checks a directory and folder ID before the config is touched. */
    public static Path checkFolder(String id, Path path, String type) {
        if (type != null) {
            try {
                FolderType.parse(type);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(e.getMessage());
            }
        }
        if (!dev.shoal.engine.api.FolderIds.isValid(id)) {
            throw new InvalidConfigException(dev.shoal.engine.api.FolderIds.problem(id));
        }
        Path dir = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new InvalidConfigException(
                    dir + " does not exist or is not a directory. Create it first, or check the path.");
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidConfigException(dir + " is not writable by this user, so Shoal could not store what it"
                    + " receives. Fix its permissions or choose another directory.");
        }
        return dir;
    }

    /**
     * Shares {@code dir} as folder {@code id} with more paired devices (an existing folder keeps its devices);
     * {@code type} null keeps the old type (send-receive for a new folder).
     */
    public static Config addFolder(Config c, String id, Path dir, List<DeviceId> shareWith, String type) {
        Set<String> devices = new LinkedHashSet<>();
        for (DeviceId d : shareWith) {
            if (c.device(d.toString()).isEmpty()) {
                throw new InvalidConfigException("Device " + d + " is not paired. Add it first.");
            }
            devices.add(d.toString());
        }
        for (Config.SharedFolder f : c.folders()) {
            if (!f.id().equals(id) && Path.of(f.path()).equals(dir)) {
                throw new InvalidConfigException(dir + " is already shared as folder '" + f.id() + "'.");
            }
        }
        Config.SharedFolder old = c.folder(id).orElse(null);
        if (old != null && !Path.of(old.path()).equals(dir)) {
            throw new InvalidConfigException("Folder ID '" + id + "' is already used for " + old.path() + ".");
        }
        Set<String> with = new LinkedHashSet<>(old == null ? List.of() : old.sharedWith());
        with.addAll(devices);
        String t = type != null ? type : old == null ? Config.SharedFolder.SEND_RECEIVE : old.type();
        return c.withFolder(
                old == null
                        ? new Config.SharedFolder(id, dir.toString(), List.copyOf(with), t)
                        : new Config.SharedFolder(
                                id,
                                dir.toString(),
                                List.copyOf(with),
                                t,
                                old.paused(),
                                old.label(),
                                old.rescanIntervalS(),
                                old.watch(),
                                old.versioning()));
    }
}
