package dev.shoal.app.daemon;

import dev.shoal.app.config.ConfigEdits;
import dev.shoal.app.config.FolderEdits;
import dev.shoal.app.config.InvalidConfigException;
import dev.shoal.engine.api.FolderOffer;
import dev.shoal.engine.spi.DeviceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The local API's folder and device management, the same edits the CLI makes: remove or edit a folder, accept or
 * decline a folder a paired device offers, edit a device. Lists are comma-separated query values.
 */
final class FolderApi {
    private final Daemon daemon;

    FolderApi(Daemon daemon) {
        this.daemon = daemon;
    }

    /** POST /rest/folder/remove?id=ID */
    Object remove(Map<String, String> q) {
        String id = required(q, "id");
        return Map.of("removed", id, "applied", edit(c -> FolderEdits.removeFolder(c, id)));
    }

    /**
     * POST /rest/folder/edit?id=ID[&label=L][&share=DEV,...][&unshare=DEV,...][&type=T][&rescanInterval=S][&watch=B]
     * [&versioning=TYPE[&keep=N][&maxAge=DAYS][&command=CMD]]
     */
    Object edit(Map<String, String> q) {
        String id = required(q, "id");
        FolderEdits.FolderChange change = new FolderEdits.FolderChange(
                q.get("label"),
                devices(q.get("share")),
                devices(q.get("unshare")),
                q.get("type"),
                q.containsKey("rescanInterval") ? number(q.get("rescanInterval")) : null,
                q.containsKey("watch") ? Boolean.valueOf(q.get("watch")) : null,
                q.containsKey("versioning")
                        ? new dev.shoal.app.config.Config.VersioningSettings(
                                q.get("versioning"),
                                q.containsKey("keep") ? number(q.get("keep")) : null,
                                q.containsKey("maxAge") ? number(q.get("maxAge")) : null,
                                q.get("command"),
                                q.containsKey("localChanges") ? Boolean.valueOf(q.get("localChanges")) : null)
                        : null);
        return Map.of("edited", id, "applied", edit(c -> FolderEdits.editFolder(c, id, change)));
    }

    /** POST /rest/folder/accept?folder=ID&path=DIR[&type=T]: syncs an offered folder there with the device offering it. */
    Object accept(Map<String, String> q) {
        String id = required(q, "folder");
        String type = q.get("type");
        List<DeviceId> from = daemon.engine().folderOffers().stream()
                .filter(o -> o.folderId().equals(id))
                .map(FolderOffer::from)
                .toList();
        if (from.isEmpty()) {
            throw new IllegalArgumentException("No device offers a folder '" + id + "' now (see: shoal status).");
        }
        Path dir = Path.of(required(q, "path")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create " + dir + ": " + e.getMessage());
        }
        Path checked = check(() -> ConfigEdits.checkFolder(id, dir, type));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", id);
        out.put("path", checked.toString());
        out.put("sharedWith", from.stream().map(DeviceId::toString).toList());
        out.put("applied", edit(c -> ConfigEdits.addFolder(c, id, checked, from, type)));
        return out;
    }

    /** POST /rest/folder/decline?folder=ID&device=DEV */
    Object decline(Map<String, String> q) {
        String id = required(q, "folder");
        DeviceId device = device(required(q, "device"));
        boolean offered = daemon.engine().folderOffers().stream()
                .anyMatch(o -> o.folderId().equals(id) && o.from().equals(device));
        if (!offered) {
            throw new IllegalArgumentException(device.shortString() + " offers no folder '" + id + "' now.");
        }
        daemon.engine().declineOffer(id, device);
        return Map.of("declined", id, "device", device.toString());
    }

    /** POST /rest/device/edit?id=DEV[&name=N][&addresses=A,...][&noAddress=true] */
    Object editDevice(Map<String, String> q) {
        DeviceId id = device(required(q, "id"));
        List<String> addresses = q.containsKey("addresses")
                ? Arrays.stream(q.get("addresses").split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList()
                : List.of();
        boolean none = Boolean.parseBoolean(q.get("noAddress"));
        return Map.of(
                "edited",
                id.toString(),
                "applied",
                edit(c -> FolderEdits.editDevice(c, id, q.get("name"), addresses, none)));
    }

    private List<String> edit(UnaryOperator<dev.shoal.app.config.Config> change) {
        try {
            return daemon.editConfig(change);
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T check(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }

    private static List<DeviceId> devices(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .map(FolderApi::device)
                .toList();
    }

    private static DeviceId device(String text) {
        try {
            return DeviceId.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid device ID: " + e.getMessage());
        }
    }

    private static Integer number(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of seconds");
        }
    }
}
