package dev.shoal.ui.service;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.app.config.ConfigEdits;
import dev.shoal.app.config.ConfigStore;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.engine.api.ActivityLog;
import dev.shoal.engine.api.ConflictChoice;
import dev.shoal.engine.api.ConflictInfo;
import dev.shoal.engine.api.FolderStatus;
import dev.shoal.engine.api.FolderType;
import dev.shoal.engine.api.VerificationCode;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.DiscoveredDevice;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.transport.identity.IdentityStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * What the window can ask of Shoal, with the engine running in this process. Config changes go through the same
 * checks and crash-safe store as the command line's, then are applied to the running engine at once. Nothing
 * here touches JavaFX; calls may block briefly (disk, index), so the UI makes them off its thread.
 */
public final class ShoalService implements AutoCloseable {
    private final ShoalHome home;
    private final Daemon daemon;
    private final ConfigStore store;

    private ShoalService(ShoalHome home, Daemon daemon) {
        this.home = home;
        this.daemon = daemon;
        this.store = new ConfigStore(home.dir());
    }

    /** Starts the engine for {@code home}; a home never used before gets an identity and config first. */
    public static ShoalService start(ShoalHome home, String defaultName) throws IOException {
        IdentityStore ids = new IdentityStore(home.identityDir());
        if (!ids.exists()) {
            ids.loadOrCreate(defaultName);
        }
        ConfigStore store = new ConfigStore(home.dir());
        if (store.load().isEmpty()) {
            store.save(Config.initial(defaultName, Config.DEFAULT_LISTEN));
        }
        return new ShoalService(home, Daemon.start(home));
    }

    public DeviceId self() {
        return daemon.identity().deviceId();
    }

    public Config config() {
        return daemon.config();
    }

    public ActivityLog activity() {
        return daemon.engine().activity();
    }

    /** The state of everything, for one refresh of the window. */
    public Snapshot snapshot() {
        Config config = daemon.config();
        List<Snapshot.FolderInfo> folders = new ArrayList<>();
        for (String id : daemon.engine().folderIds()) {
            FolderStatus s = daemon.engine().status(id);
            folders.add(new Snapshot.FolderInfo(
                    id,
                    s.path().toString(),
                    daemon.engine().spec(id).map(x -> x.type().label()).orElse("send-receive"),
                    s.state(),
                    s.needFiles(),
                    s.needBytes(),
                    s.localBytes(),
                    s.errors().entrySet().stream()
                            .map(e -> e.getKey().isEmpty() ? e.getValue() : e.getKey() + ": " + e.getValue())
                            .toList(),
                    daemon.engine().conflicts(id).size()));
        }
        List<Snapshot.DeviceInfo> devices = new ArrayList<>();
        for (Config.PeerDevice p : config.devices()) {
            DeviceId id = DeviceId.parse(p.id());
            Optional<PeerConnection> c = daemon.pool().connection(id);
            long[] bytes = daemon.bytesExchanged(id);
            devices.add(new Snapshot.DeviceInfo(
                    p.id(),
                    p.name().isEmpty() ? c.map(PeerConnection::deviceName).orElse(id.shortString()) : p.name(),
                    c.isPresent(),
                    p.paused(),
                    c.map(daemon.paths()::address)
                            .orElse(p.addresses().isEmpty() ? "" : p.addresses().getFirst()),
                    c.map(daemon.paths()::path).orElse(""),
                    c.map(x -> x.stats().rttMillis()).orElse(-1.0),
                    bytes[0],
                    bytes[1],
                    completion(id),
                    dev.shoal.app.daemon.DeviceNeeds.bytes(daemon.engine(), id)));
        }
        List<Snapshot.PendingInfo> pending = new ArrayList<>();
        daemon.pendingDevices()
                .forEach((id, name) -> pending.add(new Snapshot.PendingInfo(
                        id.toString(), name, hostOf(daemon.pendingAddress(id)), VerificationCode.of(self(), id))));
        List<Snapshot.NearbyInfo> nearby = new ArrayList<>();
        for (DiscoveredDevice d : daemon.nearby()) {
            nearby.add(new Snapshot.NearbyInfo(
                    d.id().toString(),
                    d.name(),
                    d.addresses().isEmpty() ? "" : address(d.addresses().getFirst())));
        }
        return new Snapshot(
                Instant.now(),
                self().toString(),
                config.device().name(),
                folders,
                devices,
                pending,
                daemon.engine().folderOffers(),
                nearby);
    }

    private int completion(DeviceId device) {
        long sum = 0;
        int n = 0;
        for (String id : daemon.engine().folderIds()) {
            Integer pct = daemon.engine().status(id).completion().get(device);
            if (pct != null) {
                sum += pct;
                n++;
            }
        }
        return n == 0 ? -1 : (int) (sum / n);
    }

    private static String address(InetSocketAddress a) {
        return a.getAddress() == null
                ? a.getHostString() + ":" + a.getPort()
                : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /**
     * Pairs with a device by the ID the user typed or accepted.
     *
     * @throws dev.shoal.engine.spi.InvalidDeviceIdException if the ID has a typo (the message says so)
     */
    public void addDevice(String id, String name) throws IOException {
        DeviceId peer = DeviceId.parse(id);
        String address = daemon.pendingAddress(peer);
        change(c -> ConfigEdits.addDevice(c, self(), peer, name, address == null ? List.of() : List.of(address)));
    }

    /** Unpairs a device: connections closed now, folders unshared, never admitted again; files stay. */
    public void removeDevice(String id) throws IOException {
        daemon.removeDevice(DeviceId.parse(id));
    }

    public void ignorePending(String id) {
        daemon.ignorePending(DeviceId.parse(id));
    }

    /** Shares a directory as a folder with the given paired devices. */
    public void addFolder(String id, Path path, List<String> shareWith, FolderType type) throws IOException {
        Path dir = ConfigEdits.checkFolder(id, path, type.label());
        List<DeviceId> with = shareWith.stream().map(DeviceId::parse).toList();
        change(c -> ConfigEdits.addFolder(c, id, dir, with, type.label()));
    }

    public void declineOffer(String folderId, String from) {
        daemon.engine().declineOffer(folderId, DeviceId.parse(from));
    }

    public List<ConflictInfo> conflicts() {
        List<ConflictInfo> all = new ArrayList<>();
        for (String id : daemon.engine().folderIds()) {
            all.addAll(daemon.engine().conflicts(id));
        }
        return all;
    }

    public CompletableFuture<String> resolveConflict(String folderId, String copyName, ConflictChoice choice) {
        return daemon.engine().resolveConflict(folderId, copyName, choice);
    }

    /** Old versions of a folder's files that other devices' changes (or the user's choices) set aside. */
    public List<dev.shoal.store.versions.StoredVersion> versions(String folderId) throws IOException {
        return daemon.engine().versions(folderId);
    }

    /** Puts a kept version back; the file now at that name becomes a version itself. */
    public void restoreVersion(String folderId, String name, java.time.LocalDateTime archivedAt) throws IOException {
        daemon.engine().restore(folderId, name, archivedAt);
    }

    /** Where the folder is on disk, for "open". */
    public Optional<Path> folderPath(String folderId) {
        return daemon.engine().spec(folderId).map(s -> s.path());
    }

    /** Stops syncing a folder here, as {@code shoal folder remove}; its files stay on disk. */
    public void removeFolder(String folderId) throws IOException {
        daemon.editConfig(c -> dev.shoal.app.config.FolderEdits.removeFolder(c, folderId));
    }

    /** Pauses or resumes one folder, as {@code shoal pause --folder}. */
    public void pauseFolder(String folderId, boolean pause) throws IOException {
        daemon.editConfig(c ->
                ConfigEdits.setPaused(c, folderId::equals, id -> false, pause).config());
    }

    /** Pauses or resumes one device, as {@code shoal pause --device}: not connected while paused. */
    public void pauseDevice(String deviceId, boolean pause) throws IOException {
        daemon.editConfig(c ->
                ConfigEdits.setPaused(c, id -> false, deviceId::equals, pause).config());
    }

    /** Changes a folder as {@code shoal folder edit} does; applied at once. */
    public void editFolder(String folderId, dev.shoal.app.config.FolderEdits.FolderChange change) throws IOException {
        daemon.editConfig(c -> dev.shoal.app.config.FolderEdits.editFolder(c, folderId, change));
    }

    /** Renames a device and sets its addresses (none: found by discovery), as {@code shoal device edit}. */
    public void editDevice(String deviceId, String name, List<String> addresses) throws IOException {
        DeviceId id = DeviceId.parse(deviceId);
        daemon.editConfig(
                c -> dev.shoal.app.config.FolderEdits.editDevice(c, id, name, addresses, addresses.isEmpty()));
    }

    /** Rescans a folder now. */
    public void rescan(String folderId) {
        daemon.engine().rescan(folderId);
    }

    /** Pauses (or resumes) every folder and device, as {@code shoal pause} with no arguments. */
    public void pauseAll(boolean pause) throws IOException {
        change(c -> ConfigEdits.setPaused(c, id -> true, id -> true, pause).config());
    }

    /** Saves device settings; name, listen address and mDNS take effect at the next start. */
    public void saveDeviceSettings(Config.DeviceSettings settings) throws IOException {
        change(c -> c.withDeviceSettings(settings));
    }

    public UiPrefs uiPrefs() {
        return UiPrefs.load(home.dir());
    }

    public void saveUiPrefs(UiPrefs prefs) throws IOException {
        prefs.save(home.dir());
    }

    private void change(UnaryOperator<Config> edit) throws IOException {
        store.update(daemon.config(), edit);
        daemon.reload();
    }

    @Override
    public void close() {
        daemon.close();
    }

    /**
     * The host of the daemon's "host:port": a connecting device's port changes with every attempt, means nothing to a
     * user, and would replace the request card under the user's pointer each time.
     */
    public static String hostOf(String hostPort) {
        if (hostPort == null) {
            return null;
        }
        int colon = hostPort.lastIndexOf(':');
        return colon > 0 ? hostPort.substring(0, colon) : hostPort;
    }
}
