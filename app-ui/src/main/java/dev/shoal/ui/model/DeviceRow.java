package dev.shoal.ui.model;

import dev.shoal.ui.Messages;
import dev.shoal.ui.service.Snapshot;
import java.time.Instant;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One paired device: online or not, where, how fast data moves each way, how complete it is. */
public final class DeviceRow {
    private final String id;
    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty status = new SimpleStringProperty();
    private final BooleanProperty online = new SimpleBooleanProperty();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final StringProperty address = new SimpleStringProperty();
    private final StringProperty rates = new SimpleStringProperty();
    private final StringProperty completion = new SimpleStringProperty();
    private final StringProperty connection = new SimpleStringProperty("");
    private final StringProperty needs = new SimpleStringProperty("");
    private final Rate up = new Rate();
    private final Rate down = new Rate();

    DeviceRow(String id) {
        this.id = id;
    }

    void update(Snapshot.DeviceInfo d, Instant at) {
        name.set(d.name());
        online.set(d.connected());
        paused.set(d.paused());
        status.set(Messages.get(
                d.paused()
                        ? "device.status.paused"
                        : d.connected() ? "device.status.online" : "device.status.offline"));
        address.set(d.address());
        connection.set(describeConnection(d));
        double u = up.update(d.bytesSent(), at);
        double w = down.update(d.bytesReceived(), at);
        rates.set(d.connected() ? Messages.format("device.rates", Format.rate(u), Format.rate(w)) : "");
        completion.set(d.completion() < 0 ? "" : Messages.format("percent", d.completion()));
        needs.set(
                d.completion() < 0
                        ? ""
                        : d.needBytes() == 0
                                ? Messages.get("device.needs.nothing")
                                : Messages.format("device.needs", Format.bytes(d.needBytes())));
    }

    /** Where and how the device is reached: "192.0.2.4:22000 · local network · 0.4 ms round trip". */
    static String describeConnection(Snapshot.DeviceInfo d) {
        if (!d.connected()) {
            return d.address() == null || d.address().isEmpty()
                    ? ""
                    : Messages.format("device.connection.configured", d.address());
        }
        String path =
                switch (d.path()) {
                    case "lan" -> Messages.get("device.path.lan");
                    case "direct" -> Messages.get("device.path.direct");
                    case "relay" -> Messages.get("device.path.relay");
                    default -> "";
                };
        StringBuilder out = new StringBuilder(d.address());
        if (!path.isEmpty()) {
            out.append("  ·  ").append(path);
        }
        if (d.rttMs() >= 0) {
            out.append("  ·  ")
                    .append(Messages.format(
                            "device.rtt",
                            String.format(java.util.Locale.ROOT, d.rttMs() < 10 ? "%.1f" : "%.0f", d.rttMs())));
        }
        return out.toString();
    }

    public String id() {
        return id;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public BooleanProperty onlineProperty() {
        return online;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty ratesProperty() {
        return rates;
    }

    public StringProperty completionProperty() {
        return completion;
    }

    /** Address, path (local network, direct, relay) and round-trip time while connected. */
    public StringProperty connectionProperty() {
        return connection;
    }

    /** What the device still lacks of this device's data. */
    public StringProperty needsProperty() {
        return needs;
    }
}
