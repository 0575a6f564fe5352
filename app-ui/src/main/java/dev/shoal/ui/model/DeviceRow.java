package dev.shoal.ui.model;

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
    private final StringProperty address = new SimpleStringProperty();
    private final StringProperty rates = new SimpleStringProperty();
    private final StringProperty completion = new SimpleStringProperty();
    private final Rate up = new Rate();
    private final Rate down = new Rate();

    DeviceRow(String id) {
        this.id = id;
    }

    void update(Snapshot.DeviceInfo d, Instant at) {
        name.set(d.name());
        online.set(d.connected());
        status.set(d.paused() ? "Paused" : d.connected() ? "Online" : "Offline");
        address.set(d.address());
        double u = up.update(d.bytesSent(), at);
        double w = down.update(d.bytesReceived(), at);
        rates.set(d.connected() ? "↑ " + Format.rate(u) + "  ↓ " + Format.rate(w) : "");
        completion.set(d.completion() < 0 ? "" : d.completion() + " %");
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

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty ratesProperty() {
        return rates;
    }

    public StringProperty completionProperty() {
        return completion;
    }
}
