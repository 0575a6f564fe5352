package dev.shoal.app.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a user configures for one device: its own settings, the devices it is paired with, and the
 * folders it shares. Stored as {@code config.json} in the home directory; unknown fields are kept out of the
 * way so an older Shoal can read a newer file.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Config(DeviceSettings device, List<PeerDevice> devices, List<SharedFolder> folders) {
    public static final String DEFAULT_LISTEN = "0.0.0.0:22000";

    public Config {
        devices = devices == null ? List.of() : List.copyOf(devices);
        folders = folders == null ? List.of() : List.copyOf(folders);
    }

    public static Config initial(String name, String listen) {
        return new Config(new DeviceSettings(name, listen, true), List.of(), List.of());
    }

    /** This device's own settings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceSettings(String name, String listen, boolean mdns) {}

    /** A paired device. {@code addresses} are static {@code host:port} entries, dialled before mDNS results. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PeerDevice(String id, String name, List<String> addresses) {
        public PeerDevice {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }
    }

    /** A folder and the devices it is shared with. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SharedFolder(String id, String path, List<String> sharedWith, String type) {
        public static final String SEND_RECEIVE = "send-receive";

        public SharedFolder {
            sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
            type = type == null ? SEND_RECEIVE : type;
        }
    }

    public Optional<PeerDevice> device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    public Optional<SharedFolder> folder(String id) {
        return folders.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /** This config with {@code peer} added, or replacing the entry of the same id. */
    public Config withDevice(PeerDevice peer) {
        List<PeerDevice> list = new ArrayList<>(devices);
        list.removeIf(d -> d.id().equals(peer.id()));
        list.add(peer);
        return new Config(device, list, folders);
    }

    public Config withFolder(SharedFolder folder) {
        List<SharedFolder> list = new ArrayList<>(folders);
        list.removeIf(f -> f.id().equals(folder.id()));
        list.add(folder);
        return new Config(device, devices, list);
    }
}
