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
public record Config(
        DeviceSettings device, List<PeerDevice> devices, List<SharedFolder> folders, NetworkSettings network) {
    public static final String DEFAULT_LISTEN = "0.0.0.0:22000";

    public Config {
        devices = devices == null ? List.of() : List.copyOf(devices);
        folders = folders == null ? List.of() : List.copyOf(folders);
        network = network == null ? NetworkSettings.LAN_ONLY : network;
    }

    public Config(DeviceSettings device, List<PeerDevice> devices, List<SharedFolder> folders) {
        this(device, devices, folders, NetworkSettings.LAN_ONLY);
    }

    /**
     * How this device is found beyond the LAN. With no server (the default) Shoal sends nothing beyond the LAN.
     *
     * @param discovery the user's rendezvous (global discovery) server, {@code https://HOST:PORT}, or null
     * @param discoveryId the SHA-256 of that server's certificate (its ID), for a self-signed server, or null
     * @param stun a STUN server, {@code HOST:PORT}, that tells this device its public UDP address, or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    /**
     * The user's own servers beyond the LAN; all null means LAN only.
     *
     * @param turn {@code turn://USER:PASS@HOST:PORT} of a TURN server (coturn) that relays for this device
     */
    public record NetworkSettings(String discovery, String discoveryId, String stun, String turn) {
        public static final NetworkSettings LAN_ONLY = new NetworkSettings(null, null, null, null);

        public NetworkSettings(String discovery, String discoveryId, String stun) {
            this(discovery, discoveryId, stun, null);
        }

        public boolean lanOnly() {
            return discovery == null && stun == null && turn == null;
        }

        @Override
        public String toString() {
            return "NetworkSettings[discovery=" + discovery + ", stun=" + stun + ", turn="
                    + (turn == null ? null : TurnUrl.parse(turn).withoutPassword()) + "]";
        }
    }

    public Config withNetwork(NetworkSettings settings) {
        return new Config(device, devices, folders, settings);
    }

    public static Config initial(String name, String listen) {
        return new Config(new DeviceSettings(name, listen, true), List.of(), List.of());
    }

    /**
     * This device's own settings.
     *
     * @param sendKiBps upload limit in KiB/s (0: none)
     * @param receiveKiBps download limit in KiB/s (0: none)
     * @param limitLan whether the limits apply to devices on the local network too
     * @param metricsListen HOST:PORT where Prometheus metrics are served without the API key (null: nowhere)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceSettings(
            String name,
            String listen,
            boolean mdns,
            long sendKiBps,
            long receiveKiBps,
            boolean limitLan,
            String metricsListen) {
        public DeviceSettings(
                String name, String listen, boolean mdns, long sendKiBps, long receiveKiBps, boolean limitLan) {
            this(name, listen, mdns, sendKiBps, receiveKiBps, limitLan, null);
        }

        public DeviceSettings(String name, String listen, boolean mdns) {
            this(name, listen, mdns, 0, 0, false);
        }

        public DeviceSettings withLimits(long send, long receive, boolean lan) {
            return new DeviceSettings(name, listen, mdns, send, receive, lan, metricsListen);
        }

        public DeviceSettings withMetricsListen(String hostPort) {
            return new DeviceSettings(name, listen, mdns, sendKiBps, receiveKiBps, limitLan, hostPort);
        }
    }

    /**
     * A paired device. {@code addresses} are static {@code host:port} entries, dialled before mDNS results.
     *
     * @param paused not connected to until resumed
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PeerDevice(String id, String name, List<String> addresses, boolean paused) {
        public PeerDevice {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }

        public PeerDevice(String id, String name, List<String> addresses) {
            this(id, name, addresses, false);
        }

        public PeerDevice withPaused(boolean p) {
            return new PeerDevice(id, name, addresses, p);
        }
    }

    /**
     * A folder and the devices it is shared with.
     *
     * @param paused neither scanned nor synced until resumed
     * @param label the name shown for it (null: its ID)
     * @param rescanIntervalS seconds between full rescans (null: the default, longer while watched)
     * @param watch whether changes are watched for (null: yes)
     * @param versioning what is kept of files other devices replace or delete (null: trash, 30 days)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SharedFolder(
            String id,
            String path,
            List<String> sharedWith,
            String type,
            boolean paused,
            String label,
            Integer rescanIntervalS,
            Boolean watch,
            VersioningSettings versioning) {
        public static final String SEND_RECEIVE = "send-receive";

        public SharedFolder {
            sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
            type = type == null ? SEND_RECEIVE : type;
        }

        public SharedFolder(String id, String path, List<String> sharedWith, String type, boolean paused) {
            this(id, path, sharedWith, type, paused, null, null, null, null);
        }

        public SharedFolder(String id, String path, List<String> sharedWith, String type) {
            this(id, path, sharedWith, type, false);
        }

        public SharedFolder withPaused(boolean p) {
            return new SharedFolder(id, path, sharedWith, type, p, label, rescanIntervalS, watch, versioning);
        }

        public SharedFolder withSharedWith(List<String> devices) {
            return new SharedFolder(id, path, devices, type, paused, label, rescanIntervalS, watch, versioning);
        }

        /** The name to show: the label, or the ID when there is none. */
        public String displayName() {
            return label == null || label.isBlank() ? id : label;
        }

        /** Whether changes are watched for (the default). */
        public boolean watched() {
            return watch == null || watch;
        }
    }

    /**
     * A folder's versioning as the user set it: {@code type} none, trash, simple, staggered or external; {@code keep}
     * days (trash) or versions (simple); {@code maxAgeDays} (staggered); {@code command} (external).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    /** @param localChanges files changed or deleted on this device are versioned too (null: no) */
    public record VersioningSettings(
            String type, Integer keep, Integer maxAgeDays, String command, Boolean localChanges) {
        public VersioningSettings(String type, Integer keep, Integer maxAgeDays, String command) {
            this(type, keep, maxAgeDays, command, null);
        }
    }

    public Config withDeviceSettings(DeviceSettings settings) {
        return new Config(settings, devices, folders, network);
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
        return new Config(device, list, folders, network);
    }

    /** This config without folder {@code folderId} (its files are not touched). */
    public Config withoutFolder(String folderId) {
        List<SharedFolder> list = new ArrayList<>(folders);
        list.removeIf(f -> f.id().equals(folderId));
        return new Config(device, devices, list, network);
    }

    public Config withFolder(SharedFolder folder) {
        List<SharedFolder> list = new ArrayList<>(folders);
        list.removeIf(f -> f.id().equals(folder.id()));
        list.add(folder);
        return new Config(device, devices, list, network);
    }

    /** This config without {@code peerId}: gone from the devices and from every folder shared with it. */
    public Config withoutDevice(String peerId) {
        List<PeerDevice> list = new ArrayList<>(devices);
        list.removeIf(d -> d.id().equals(peerId));
        List<SharedFolder> shared = new ArrayList<>();
        for (SharedFolder f : folders) {
            List<String> with = new ArrayList<>(f.sharedWith());
            with.remove(peerId);
            shared.add(f.withSharedWith(List.copyOf(with)));
        }
        return new Config(device, list, shared, network);
    }
}
