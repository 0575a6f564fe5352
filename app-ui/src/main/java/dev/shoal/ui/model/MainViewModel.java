package dev.shoal.ui.model;

import dev.shoal.engine.api.Activity;
import dev.shoal.engine.api.FolderOffer;
import dev.shoal.ui.service.Snapshot;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The main window's state. Updated only from snapshots and activity the bridge hands over on the FX thread;
 * rows keep their identity across updates so selections and bindings survive refreshes.
 */
public final class MainViewModel {
    static final int ACTIVITY_KEPT = 100;

    private final StringProperty deviceId = new SimpleStringProperty("");
    private final StringProperty deviceName = new SimpleStringProperty("");
    private final javafx.beans.property.IntegerProperty conflicts = new javafx.beans.property.SimpleIntegerProperty();
    private final ObservableList<FolderRow> folders = FXCollections.observableArrayList();
    private final ObservableList<DeviceRow> devices = FXCollections.observableArrayList();
    private final ObservableList<Snapshot.PendingInfo> pending = FXCollections.observableArrayList();
    private final ObservableList<FolderOffer> offers = FXCollections.observableArrayList();
    private final ObservableList<Snapshot.NearbyInfo> nearby = FXCollections.observableArrayList();
    private final ObservableList<ActivityRow> activity = FXCollections.observableArrayList();
    private final ZoneId zone;

    public MainViewModel(ZoneId zone) {
        this.zone = zone;
    }

    public void apply(Snapshot s) {
        deviceId.set(s.deviceId());
        deviceName.set(s.deviceName());
        reconcile(
                folders,
                s.folders(),
                Snapshot.FolderInfo::id,
                FolderRow::id,
                FolderRow::new,
                (row, f) -> row.update(f, s.at()));
        reconcile(
                devices,
                s.devices(),
                Snapshot.DeviceInfo::id,
                DeviceRow::id,
                DeviceRow::new,
                (row, d) -> row.update(d, s.at()));
        conflicts.set(
                s.folders().stream().mapToInt(Snapshot.FolderInfo::conflicts).sum());
        replaceIfChanged(pending, s.pending());
        replaceIfChanged(offers, s.offers());
        replaceIfChanged(nearby, s.nearby());
    }

    public void add(Activity a) {
        // The engine names the device by its short ID; the window shows the name the user knows it by.
        String from = devices.stream()
                .filter(d -> d.id().startsWith(a.device()))
                .map(d -> d.nameProperty().get())
                .filter(n -> n != null && !n.isBlank())
                .findFirst()
                .orElse(a.device());
        activity.addFirst(ActivityRow.of(a, zone, from));
        if (activity.size() > ACTIVITY_KEPT) {
            activity.remove(ACTIVITY_KEPT, activity.size());
        }
    }

    private static <R, I> void reconcile(
            ObservableList<R> rows,
            List<I> items,
            Function<I, String> itemId,
            Function<R, String> rowId,
            Function<String, R> create,
            java.util.function.BiConsumer<R, I> update) {
        Map<String, R> existing = new HashMap<>();
        rows.forEach(r -> existing.put(rowId.apply(r), r));
        List<R> next = items.stream()
                .map(i -> {
                    R row = existing.computeIfAbsent(itemId.apply(i), create);
                    update.accept(row, i);
                    return row;
                })
                .toList();
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
    }

    private static <T> void replaceIfChanged(ObservableList<T> list, List<T> items) {
        if (!list.equals(items)) {
            list.setAll(items);
        }
    }

    public StringProperty deviceIdProperty() {
        return deviceId;
    }

    public StringProperty deviceNameProperty() {
        return deviceName;
    }

    /** Conflicts waiting for a decision, over all folders. */
    public javafx.beans.property.IntegerProperty conflictsProperty() {
        return conflicts;
    }

    public ObservableList<FolderRow> folders() {
        return folders;
    }

    public ObservableList<DeviceRow> devices() {
        return devices;
    }

    public ObservableList<Snapshot.PendingInfo> pending() {
        return pending;
    }

    public ObservableList<FolderOffer> offers() {
        return offers;
    }

    public ObservableList<Snapshot.NearbyInfo> nearby() {
        return nearby;
    }

    public ObservableList<ActivityRow> activity() {
        return activity;
    }
}
