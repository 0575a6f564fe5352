package dev.shoal.ui.view;

import dev.shoal.app.config.Config;
import dev.shoal.ui.Messages;
import dev.shoal.ui.service.ShoalService;
import dev.shoal.ui.service.UiPrefs;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Settings, each saved the moment it changes (crash-safe, like every config write). Name, port and mDNS apply at
 * the next start; limits and pausing apply at once.
 */
final class SettingsDialog {
    private SettingsDialog() {}

    static Stage open(Window owner, ShoalService service, Runnable changed) {
        Config.DeviceSettings d = service.config().device();
        UiPrefs prefs = service.uiPrefs();
        TextField name = new TextField(d.name());
        name.setId("settingsName");
        int port = Integer.parseInt(d.listen().substring(d.listen().lastIndexOf(':') + 1));
        Spinner<Integer> listen = new Spinner<>(1, 65535, port);
        listen.setEditable(true);
        CheckBox mdns = new CheckBox(Messages.get("settings.mdns"));
        mdns.setSelected(d.mdns());
        Spinner<Integer> up = new Spinner<>(0, 10_000_000, (int) d.sendKiBps(), 256);
        up.setEditable(true);
        Spinner<Integer> down = new Spinner<>(0, 10_000_000, (int) d.receiveKiBps(), 256);
        down.setEditable(true);
        CheckBox lan = new CheckBox(Messages.get("settings.limitLan"));
        lan.setSelected(d.limitLan());
        CheckBox minimized = new CheckBox(Messages.get("settings.minimized"));
        minimized.setSelected(prefs.startMinimized());
        CheckBox tray = new CheckBox(Messages.get("settings.tray"));
        tray.setWrapText(true);
        tray.setSelected(prefs.closeToTray());
        CheckBox pauseAll = new CheckBox(Messages.get("settings.pauseAll"));
        pauseAll.setId("settingsPauseAll");
        boolean allPaused = !service.config().folders().isEmpty()
                && service.config().folders().stream().allMatch(Config.SharedFolder::paused);
        pauseAll.setSelected(allPaused);
        Label saved = new Label();
        saved.setId("settingsSaved");
        Label problem = Dialogs.problem("settingsProblem");

        Runnable saveDevice = () -> {
            String host = d.listen().substring(0, d.listen().lastIndexOf(':'));
            Config.DeviceSettings next = new Config.DeviceSettings(
                    name.getText().isBlank() ? d.name() : name.getText().strip(),
                    host + ":" + listen.getValue(),
                    mdns.isSelected(),
                    up.getValue(),
                    down.getValue(),
                    lan.isSelected(),
                    d.metricsListen());
            Background.run(
                    () -> service.saveDeviceSettings(next),
                    () -> {
                        saved.setText(Messages.get("settings.savedRestart"));
                        changed.run();
                    },
                    problem::setText);
        };
        name.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                saveDevice.run();
            }
        });
        name.setOnAction(e -> saveDevice.run());
        listen.valueProperty().addListener((obs, o, n) -> saveDevice.run());
        mdns.setOnAction(e -> saveDevice.run());
        up.valueProperty().addListener((obs, o, n) -> saveDevice.run());
        down.valueProperty().addListener((obs, o, n) -> saveDevice.run());
        lan.setOnAction(e -> saveDevice.run());
        Runnable savePrefs = () -> Background.run(
                () -> service.saveUiPrefs(new UiPrefs(minimized.isSelected(), tray.isSelected())),
                () -> saved.setText(Messages.get("settings.saved")),
                problem::setText);
        minimized.setOnAction(e -> savePrefs.run());
        tray.setOnAction(e -> savePrefs.run());
        pauseAll.setOnAction(e -> Background.run(
                () -> service.pauseAll(pauseAll.isSelected()),
                () -> {
                    saved.setText(Messages.get(pauseAll.isSelected() ? "settings.paused" : "settings.resumed"));
                    changed.run();
                },
                problem::setText));

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        grid.addRow(0, Dialogs.labelFor(new Label(Messages.get("settings.name")), name), name);
        grid.addRow(1, Dialogs.labelFor(new Label(Messages.get("settings.port")), listen), listen);
        grid.add(mdns, 1, 2);
        grid.addRow(3, Dialogs.labelFor(new Label(Messages.get("settings.up")), up), up);
        grid.addRow(4, Dialogs.labelFor(new Label(Messages.get("settings.down")), down), down);
        grid.add(lan, 1, 5);
        grid.add(minimized, 1, 6);
        grid.add(tray, 1, 7);
        grid.add(pauseAll, 1, 8);
        VBox root = new VBox(12, Dialogs.title(Messages.get("settings.title")), grid, saved, problem);
        root.setId("settingsDialog");
        root.setPrefWidth(560);
        Stage stage = Dialogs.stage(owner, Messages.get("settings.title"), root);
        stage.show();
        return stage;
    }
}
