package dev.shoal.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.api.Activity;
import dev.shoal.engine.api.FolderState;
import dev.shoal.ui.service.Snapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window's state from engine snapshots, without any JavaFX node. */
class MainViewModelTest {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    final MainViewModel model = new MainViewModel(ZoneOffset.UTC);

    static Snapshot.FolderInfo folder(
            FolderState state, long needFiles, long needBytes, long localBytes, List<String> errors) {
        return new Snapshot.FolderInfo(
                "docs", "/d", "send-receive", state, needFiles, needBytes, localBytes, errors, 0);
    }

    static Snapshot snapshot(Instant at, List<Snapshot.FolderInfo> folders, List<Snapshot.DeviceInfo> devices) {
        return new Snapshot(at, "SELF", "alpha", folders, devices, List.of(), List.of(), List.of());
    }

    @Test
    void aFolderGoesFromWaitingToSyncingWithRateToUpToDate() {
        model.apply(snapshot(T0, List.of(folder(FolderState.IDLE, 2, 8_000_000, 2_000_000, List.of())), List.of()));
        FolderRow row = model.folders().getFirst();
        assertThat(row.stateProperty().get()).isEqualTo("Waiting for 2 files · 20 %");
        assertThat(row.progressProperty().get()).isEqualTo(0.2);

        model.apply(snapshot(
                T0.plusSeconds(1),
                List.of(folder(FolderState.SYNCING, 1, 4_000_000, 6_000_000, List.of())),
                List.of()));
        assertThat(model.folders().getFirst()).isSameAs(row); // the row survives refreshes
        assertThat(row.stateProperty().get()).isEqualTo("Syncing 60 % · 4.0 MB/s");

        model.apply(
                snapshot(T0.plusSeconds(2), List.of(folder(FolderState.IDLE, 0, 0, 10_000_000, List.of())), List.of()));
        assertThat(row.stateProperty().get()).isEqualTo(FolderRow.UP_TO_DATE);
        assertThat(row.progressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void pausedErrorsAndStoppedFoldersSaySo() {
        model.apply(snapshot(T0, List.of(folder(FolderState.PAUSED, 1, 5, 5, List.of())), List.of()));
        assertThat(model.folders().getFirst().stateProperty().get()).isEqualTo("Paused");
        String full = "Not enough free disk space in /d: big.bin needs 40 MB, 12 MB free.";
        model.apply(snapshot(T0.plusSeconds(1), List.of(folder(FolderState.IDLE, 0, 0, 5, List.of(full))), List.of()));
        FolderRow row = model.folders().getFirst();
        assertThat(row.stateProperty().get()).isEqualTo("1 file not synced");
        assertThat(row.errorsProperty().get()).isEqualTo(1);
        assertThat(row.firstErrorProperty().get()).isEqualTo(full);
        model.apply(snapshot(
                T0.plusSeconds(2),
                List.of(folder(FolderState.ERROR, 0, 0, 5, List.of("The folder /d does not exist."))),
                List.of()));
        assertThat(row.stateProperty().get()).isEqualTo("Stopped: The folder /d does not exist.");
    }

    @Test
    void devicesShowOnlineStateAndRatesBothWays() {
        var d0 = new Snapshot.DeviceInfo("B", "beta", true, false, "127.0.0.1:22102", 0, 0, 50);
        var d1 = new Snapshot.DeviceInfo("B", "beta", true, false, "127.0.0.1:22102", 1_000_000, 3_000_000, 100);
        model.apply(snapshot(T0, List.of(), List.of(d0)));
        model.apply(snapshot(T0.plusSeconds(1), List.of(), List.of(d1)));
        DeviceRow row = model.devices().getFirst();
        assertThat(row.statusProperty().get()).isEqualTo("Online");
        assertThat(row.ratesProperty().get()).isEqualTo("↑ 1.0 MB/s  ↓ 3.0 MB/s");
        assertThat(row.completionProperty().get()).isEqualTo("100 %");
        model.apply(snapshot(
                T0.plusSeconds(2),
                List.of(),
                List.of(new Snapshot.DeviceInfo("B", "beta", false, true, "", 1_000_000, 3_000_000, -1))));
        assertThat(row.statusProperty().get()).isEqualTo("Paused");
        assertThat(row.ratesProperty().get()).isEmpty();
    }

    @Test
    void aDeviceShowsHowItIsConnectedAndWhatItStillNeeds() {
        model.apply(snapshot(
                T0,
                List.of(),
                List.of(new Snapshot.DeviceInfo(
                        "B", "beta", true, false, "192.0.2.4:22000", "relay", 23.46, 0, 0, 80, 12_300_000))));
        DeviceRow row = model.devices().getFirst();
        assertThat(row.connectionProperty().get()).isEqualTo("192.0.2.4:22000  ·  via relay  ·  23 ms round trip");
        assertThat(row.needsProperty().get()).isEqualTo("Needs 12 MB of this device's data");
        model.apply(snapshot(
                T0.plusSeconds(1),
                List.of(),
                List.of(new Snapshot.DeviceInfo(
                        "B", "beta", true, false, "192.168.1.9:22000", "lan", 0.42, 0, 0, 100, 0))));
        assertThat(row.connectionProperty().get())
                .isEqualTo("192.168.1.9:22000  ·  local network  ·  0.4 ms round trip");
        assertThat(row.needsProperty().get()).isEqualTo("Has everything from this device");
        model.apply(snapshot(
                T0.plusSeconds(2),
                List.of(),
                List.of(new Snapshot.DeviceInfo("B", "beta", false, false, "nas.local:22000", 0, 0, -1))));
        assertThat(row.connectionProperty().get()).isEqualTo("Address nas.local:22000");
        assertThat(row.needsProperty().get()).isEmpty();
    }

    @Test
    void activityIsNewestFirstAndBounded() {
        for (int i = 0; i < MainViewModel.ACTIVITY_KEPT + 10; i++) {
            model.add(new Activity(T0.plusSeconds(i), "docs", "f" + i + ".txt", Activity.Kind.SYNCED, "BETA123", 2000));
        }
        model.add(new Activity(T0, "docs", "notes.txt", Activity.Kind.CONFLICT, "BETA123", 10));
        assertThat(model.activity()).hasSize(MainViewModel.ACTIVITY_KEPT);
        assertThat(model.activity().getFirst().text())
                .isEqualTo("Conflict on notes.txt: both versions kept · docs · from BETA123");
        assertThat(model.activity().get(1).text()).isEqualTo("Synced f109.txt (2.0 kB) · docs · from BETA123");
        assertThat(model.activity().get(1).time()).isEqualTo("10:01:49");
    }

    @Test
    void activityNamesTheDeviceByItsNameWhenItIsKnown() {
        model.apply(snapshot(
                T0,
                List.of(),
                List.of(new Snapshot.DeviceInfo(
                        "BETA123-FULL-ID", "Beta's laptop", true, false, "127.0.0.1:22102", 0, 0, 100))));
        model.add(new Activity(T0, "docs", "a.txt", Activity.Kind.DELETED, "BETA123", 0));
        model.add(new Activity(T0, "docs", "b.txt", Activity.Kind.DELETED, "GAMMA45", 0));
        assertThat(model.activity().get(1).text()).isEqualTo("Deleted a.txt · docs · from Beta's laptop");
        assertThat(model.activity().getFirst().text()).isEqualTo("Deleted b.txt · docs · from GAMMA45");
    }
}
