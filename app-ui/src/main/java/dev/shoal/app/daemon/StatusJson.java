package dev.shoal.app.daemon;

import dev.shoal.app.config.Config;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.api.FolderStatus;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code status --json} document. Its field names are a public contract (scripts and benchmarks read
 * them): add fields freely, never rename or drop one.
 */
final class StatusJson {
    private StatusJson() {}

    /** One conflict with both versions, for {@code shoal conflicts} and the GUI. */
    static Map<String, Object> conflict(dev.shoal.engine.api.ConflictInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("folder", c.folder());
        m.put("file", c.file());
        m.put("copy", c.copyName());
        m.put("current", version(c.current()));
        m.put("conflicting", version(c.copy()));
        return m;
    }

    private static Map<String, Object> version(dev.shoal.engine.api.ConflictInfo.Version v) {
        return Map.of("size", v.size(), "modified", v.modified().toString(), "device", v.device());
    }

    static Map<String, Object> of(Daemon d) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("id", d.identity().deviceId().toString());
        self.put("name", d.config().device().name());
        var rendezvous = d.rendezvous().state();
        self.put(
                "publicAddresses",
                d.rendezvous().publicAddresses().stream()
                        .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
                        .toList());
        doc.put("device", self);
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("lanOnly", d.config().network().lanOnly());
        network.put("discovery", d.config().network().discovery());
        network.put("stun", d.config().network().stun());
        String turn = d.config().network().turn();
        network.put(
                "turn",
                turn == null ? null : dev.shoal.app.config.TurnUrl.parse(turn).withoutPassword());
        network.put(
                "relayAddress",
                d.rendezvous()
                        .relayAddress()
                        .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
                        .orElse(null));
        network.put(
                "lastAnnounced",
                rendezvous.map(r -> r.lastAnnounced()).map(Object::toString).orElse(null));
        network.put("error", rendezvous.map(r -> r.error()).orElseGet(() -> d.rendezvous()
                .serverError()));
        doc.put("network", network);
        List<Object> folders = new ArrayList<>();
        for (String id : d.engine().folderIds()) {
            FolderStatus s = d.engine().status(id);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", s.id());
            f.put("path", s.path().toString());
            f.put("type", d.engine().spec(id).map(x -> x.type().label()).orElse("send-receive"));
            d.engine().spec(id).map(x -> x.versioning()).ifPresent(v -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", v.type().label());
                m.put("keep", v.keep());
                m.put("maxAgeDays", v.maxAgeDays());
                m.put("command", v.command());
                m.put("localChanges", v.localChanges());
                f.put("versioning", m);
            });
            f.put("state", s.state().name().toLowerCase());
            f.put("paused", d.engine().spec(id).map(FolderSpec::paused).orElse(false));
            f.put("needFiles", s.needFiles());
            f.put("needBytes", s.needBytes());
            f.put("localFiles", s.localFiles());
            f.put("localBytes", s.localBytes());
            f.put(
                    "errors",
                    s.errors().entrySet().stream()
                            .map(e -> e.getKey().isEmpty() ? e.getValue() : e.getKey() + ": " + e.getValue())
                            .toList());
            List<Object> peers = new ArrayList<>();
            s.completion().forEach((dev, pct) -> peers.add(Map.of("device", dev.toString(), "completion", pct)));
            f.put("peers", peers);
            f.put(
                    "conflicts",
                    d.engine().conflicts(id).stream()
                            .map(c -> Map.of("file", c.file(), "copy", c.copyName()))
                            .toList());
            folders.add(f);
        }
        doc.put("folders", folders);
        List<Object> devices = new ArrayList<>();
        for (Config.PeerDevice p : d.config().devices()) {
            DeviceId id = DeviceId.parse(p.id());
            Optional<PeerConnection> c = d.pool().connection(id);
            Map<String, Object> dev = new LinkedHashMap<>();
            dev.put("id", p.id());
            dev.put(
                    "name",
                    p.name().isEmpty() ? c.map(PeerConnection::deviceName).orElse("") : p.name());
            dev.put("connected", c.isPresent());
            dev.put("paused", d.paused(id));
            dev.put(
                    "address",
                    c.map(d.paths()::address)
                            .orElse(
                                    p.addresses().isEmpty()
                                            ? null
                                            : p.addresses().getFirst()));
            dev.put("transport", c.map(PeerConnection::transport).orElse(null));
            dev.put("path", c.map(d.paths()::path).orElse(null));
            dev.put(
                    "rttMs",
                    c.map(x -> Math.round(x.stats().rttMillis() * 10) / 10.0).orElse(null));
            long[] bytes = d.bytesExchanged(id);
            dev.put("bytesSent", bytes[0]);
            dev.put("bytesReceived", bytes[1]);
            long[] chunks = d.engine().chunkTraffic(id);
            dev.put("chunkBytesServed", chunks[0]);
            dev.put("chunkBytesFetched", chunks[1]);
            dev.put("needBytes", DeviceNeeds.bytes(d.engine(), id));
            devices.add(dev);
        }
        doc.put("devices", devices);
        Config.DeviceSettings settings = d.config().device();
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("sendKiBps", settings.sendKiBps());
        limits.put("receiveKiBps", settings.receiveKiBps());
        limits.put("lan", settings.limitLan());
        doc.put("limits", limits);
        List<Object> pending = new ArrayList<>();
        d.pendingDevices().forEach((id, name) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", id.toString());
            p.put("name", name);
            p.put("address", d.pendingAddress(id));
            p.put(
                    "verification",
                    dev.shoal.engine.api.VerificationCode.of(d.identity().deviceId(), id));
            pending.add(p);
        });
        doc.put("pendingDevices", pending);
        List<Object> offers = new ArrayList<>();
        for (var o : d.engine().folderOffers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folder", o.folderId());
            m.put("label", o.label());
            m.put("device", o.from().toString());
            m.put(
                    "deviceName",
                    d.config()
                            .device(o.from().toString())
                            .map(p -> p.name())
                            .filter(n -> !n.isEmpty())
                            .orElseGet(() -> d.pool()
                                    .connection(o.from())
                                    .map(PeerConnection::deviceName)
                                    .orElse("")));
            offers.add(m);
        }
        doc.put("folderOffers", offers);
        return doc;
    }
}
