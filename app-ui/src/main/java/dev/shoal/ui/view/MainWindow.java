package dev.shoal.ui.view;

import dev.shoal.engine.api.Activity;
import dev.shoal.ui.EngineBridge;
import dev.shoal.ui.Messages;
import dev.shoal.ui.model.ActivityRow;
import dev.shoal.ui.model.DeviceRow;
import dev.shoal.ui.model.FolderRow;
import dev.shoal.ui.model.MainViewModel;
import dev.shoal.ui.service.ShoalService;
import javafx.application.HostServices;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window: folders with their state and progress, devices with their rates, requests waiting for the
 * user, and what happened recently. It only binds to the view model and asks the service through
 * {@link Background}; the {@link EngineBridge} keeps the model current.
 */
public final class MainWindow {
    private final ShoalService service;
    private final MainViewModel model;
    private final EngineBridge bridge;
    private final HostServices host;
    private final BorderPane root = new BorderPane();

    public MainWindow(ShoalService service, MainViewModel model, EngineBridge bridge, HostServices host) {
        this.service = service;
        this.model = model;
        this.bridge = bridge;
        this.host = host;
        root.setId("mainWindow");
        root.setTop(header());
        SplitPane center = new SplitPane(foldersPane(), devicesPane());
        center.setDividerPositions(0.58);
        root.setCenter(center);
        root.setBottom(activityPane());
        root.setPrefSize(1040, 680);
    }

    public Parent root() {
        return root;
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    private void changed() {
        bridge.refreshSoon();
    }

    private Parent header() {
        Label app = new Label(Messages.get("app.name"), new FontIcon(Feather.LAYERS));
        app.getStyleClass().add("title-2");
        Label device = new Label();
        device.setId("thisDeviceName");
        device.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Messages.format(
                                "main.thisDevice", model.deviceNameProperty().get()),
                        model.deviceNameProperty()));
        device.getStyleClass().add("text-muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button pair = new Button(Messages.get("main.pair"), new FontIcon(Feather.USER_PLUS));
        pair.setId("pairButton");
        pair.setOnAction(e -> PairingDialog.open(window(), service, model, this::changed));
        Button folder = new Button(Messages.get("main.share"), new FontIcon(Feather.FOLDER_PLUS));
        folder.setId("addFolderButton");
        folder.getStyleClass().add("accent");
        folder.setOnAction(e -> AddFolderDialog.open(window(), service, model, this::changed));
        Button conflicts = new Button(Messages.get("main.conflicts"), new FontIcon(Feather.ALERT_TRIANGLE));
        conflicts.setId("conflictsButton");
        conflicts
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Messages.format(
                                "main.conflictsCount", model.conflictsProperty().get()),
                        model.conflictsProperty()));
        conflicts.setOnAction(e -> ConflictsDialog.open(window(), service, host, this::changed));
        Button settings = new Button(Messages.get("main.settings"), new FontIcon(Feather.SETTINGS));
        settings.setId("settingsButton");
        settings.setOnAction(e -> SettingsDialog.open(window(), service, this::changed));
        HBox bar = new HBox(12, app, device, spacer, pair, folder, conflicts, settings);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(12, 16, 12, 16));
        return bar;
    }

    private Parent foldersPane() {
        ListView<FolderRow> list = new ListView<>(model.folders());
        list.setId("folderList");
        list.setPlaceholder(new Label(Messages.get("main.noFolders")));
        Label folderProblem = Dialogs.problem("folderActionProblem");
        list.setCellFactory(v -> new FolderCell(new FolderActions(service, this::changed, folderProblem::setText)));
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox offers = Cards.of(model.offers(), o -> Cards.offer(o, model, service, this::changed));
        offers.setId("offerCards");
        VBox pane = new VBox(8, Dialogs.title(Messages.get("main.folders")), offers, folderProblem, list);
        pane.setPadding(new Insets(8, 8, 8, 16));
        return pane;
    }

    private Parent devicesPane() {
        ListView<DeviceRow> list = new ListView<>(model.devices());
        list.setId("deviceList");
        list.setPlaceholder(new Label(Messages.get("main.noDevices")));
        Label removeProblem = Dialogs.problem("removeDeviceProblem");
        list.setCellFactory(v -> new DeviceCell(
                id -> DeviceEditDialog.open(list.getScene().getWindow(), service, id, this::changed),
                (id, pause) ->
                        Background.run(() -> service.pauseDevice(id, pause), this::changed, removeProblem::setText),
                id -> Background.run(() -> service.removeDevice(id), this::changed, removeProblem::setText)));
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox pending = Cards.of(model.pending(), p -> Cards.pending(p, service, this::changed));
        pending.setId("pendingCards");
        VBox pane = new VBox(8, Dialogs.title(Messages.get("main.devices")), pending, removeProblem, list);
        pane.setPadding(new Insets(8, 16, 8, 8));
        return pane;
    }

    private Parent activityPane() {
        ListView<ActivityRow> list = new ListView<>(model.activity());
        list.setId("activityList");
        list.setPrefHeight(150);
        list.setPlaceholder(new Label(Messages.get("main.noActivity")));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ActivityRow item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(Messages.format("activity.row", item.time(), item.text()));
                setGraphic(new FontIcon(
                        item.kind() == Activity.Kind.CONFLICT
                                ? Feather.ALERT_TRIANGLE
                                : item.kind() == Activity.Kind.DELETED ? Feather.TRASH_2 : Feather.CHECK_CIRCLE));
            }
        });
        VBox pane = new VBox(6, Dialogs.title(Messages.get("main.activity")), list);
        pane.setPadding(new Insets(8, 16, 16, 16));
        return pane;
    }
}
