package dev.shoal.ui.view;

import dev.shoal.engine.api.Activity;
import dev.shoal.ui.EngineBridge;
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
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
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
        Label app = new Label("Shoal", new FontIcon(Feather.LAYERS));
        app.getStyleClass().add("title-2");
        Label device = new Label();
        device.setId("thisDeviceName");
        device.textProperty().bind(Bindings.concat("This device: ", model.deviceNameProperty()));
        device.getStyleClass().add("text-muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button pair = new Button("Pair device", new FontIcon(Feather.USER_PLUS));
        pair.setId("pairButton");
        pair.setOnAction(e -> PairingDialog.open(window(), service, model, this::changed));
        Button folder = new Button("Share folder", new FontIcon(Feather.FOLDER_PLUS));
        folder.setId("addFolderButton");
        folder.getStyleClass().add("accent");
        folder.setOnAction(e -> AddFolderDialog.open(window(), service, model, this::changed));
        Button conflicts = new Button("Conflicts", new FontIcon(Feather.ALERT_TRIANGLE));
        conflicts.setId("conflictsButton");
        conflicts
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> model.conflictsProperty().get() == 0
                                ? "Conflicts"
                                : "Conflicts (" + model.conflictsProperty().get() + ")",
                        model.conflictsProperty()));
        conflicts.setOnAction(e -> ConflictsDialog.open(window(), service, host, this::changed));
        Button settings = new Button("Settings", new FontIcon(Feather.SETTINGS));
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
        list.setPlaceholder(new Label("No folders yet. Share one with \"Share folder\"."));
        Label folderProblem = Dialogs.problem("folderActionProblem");
        list.setCellFactory(v -> new FolderCell(new FolderActions(service, this::changed, folderProblem::setText)));
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox offers = Cards.of(model.offers(), o -> Cards.offer(o, model, service, this::changed));
        offers.setId("offerCards");
        VBox pane = new VBox(8, Dialogs.title("Folders"), offers, folderProblem, list);
        pane.setPadding(new Insets(8, 8, 8, 16));
        return pane;
    }

    private Parent devicesPane() {
        ListView<DeviceRow> list = new ListView<>(model.devices());
        list.setId("deviceList");
        list.setPlaceholder(new Label("No devices yet. Pair one with \"Pair device\"."));
        Label removeProblem = Dialogs.problem("removeDeviceProblem");
        list.setCellFactory(v -> new DeviceCell(
                id -> DeviceEditDialog.open(list.getScene().getWindow(), service, id, this::changed),
                (id, pause) ->
                        Background.run(() -> service.pauseDevice(id, pause), this::changed, removeProblem::setText),
                id -> {
                    var confirm = new javafx.scene.control.Alert(
                            javafx.scene.control.Alert.AlertType.CONFIRMATION,
                            "Remove this device? It can no longer connect and no folder stays shared with it."
                                    + " Files stay on disk.",
                            javafx.scene.control.ButtonType.OK,
                            javafx.scene.control.ButtonType.CANCEL);
                    confirm.setHeaderText("Remove device");
                    if (Boolean.getBoolean("shoal.ui.noConfirm")
                            || confirm.showAndWait().orElse(javafx.scene.control.ButtonType.CANCEL)
                                    == javafx.scene.control.ButtonType.OK) {
                        Background.run(() -> service.removeDevice(id), this::changed, removeProblem::setText);
                    }
                }));
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox pending = Cards.of(model.pending(), p -> Cards.pending(p, service, this::changed));
        pending.setId("pendingCards");
        VBox pane = new VBox(8, Dialogs.title("Devices"), pending, removeProblem, list);
        pane.setPadding(new Insets(8, 16, 8, 8));
        return pane;
    }

    private Parent activityPane() {
        ListView<ActivityRow> list = new ListView<>(model.activity());
        list.setId("activityList");
        list.setPrefHeight(150);
        list.setPlaceholder(new Label("Files synced, deleted or in conflict show up here."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ActivityRow item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(item.time() + "   " + item.text());
                setGraphic(new FontIcon(
                        item.kind() == Activity.Kind.CONFLICT
                                ? Feather.ALERT_TRIANGLE
                                : item.kind() == Activity.Kind.DELETED ? Feather.TRASH_2 : Feather.CHECK_CIRCLE));
            }
        });
        VBox pane = new VBox(6, Dialogs.title("Recent activity"), list);
        pane.setPadding(new Insets(8, 16, 16, 16));
        return pane;
    }

    /** A folder: ID and path, state in words, progress bar, an errors badge, and its actions. */
    private static final class FolderCell extends ListCell<FolderRow> {
        private final FolderActions actions;
        /** The row this cell's nodes are bound to: the list calls updateItem again for the same row, often. */
        private FolderRow shown;

        FolderCell(FolderActions actions) {
            this.actions = actions;
        }

        @Override
        protected void updateItem(FolderRow f, boolean empty) {
            super.updateItem(f, empty);
            setText(null);
            if (empty || f == null) {
                shown = null;
                setGraphic(null);
                return;
            }
            if (f == shown && getGraphic() != null) {
                return; // already bound: rebuilding would replace the buttons under the user's pointer
            }
            shown = f;
            Label name = new Label(f.id(), new FontIcon(Feather.FOLDER));
            name.getStyleClass().add("text-bold");
            Label path = new Label();
            path.textProperty().bind(Bindings.concat(f.pathProperty(), "  ·  ", f.typeProperty()));
            path.getStyleClass().addAll("text-small", "text-muted");
            Label state = new Label();
            state.setId("folderState");
            state.textProperty().bind(f.stateProperty());
            ProgressBar bar = new ProgressBar();
            bar.setId("folderProgress");
            bar.progressProperty().bind(f.progressProperty());
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(bar, Priority.ALWAYS);
            Label errors = new Label();
            errors.setId("folderErrors");
            errors.getStyleClass().addAll("danger", "text-bold");
            errors.textProperty()
                    .bind(Bindings.createStringBinding(
                            () -> f.errorsProperty().get() == 0
                                    ? ""
                                    : f.errorsProperty().get() + " ⚠",
                            f.errorsProperty()));
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(f.firstErrorProperty());
            errors.setTooltip(tip);
            Label problem = new Label();
            problem.setWrapText(true);
            problem.getStyleClass().addAll("text-small", "danger");
            problem.textProperty().bind(f.firstErrorProperty());
            problem.managedProperty().bind(f.errorsProperty().greaterThan(0));
            problem.visibleProperty().bind(f.errorsProperty().greaterThan(0));
            Label percent = new Label();
            percent.setId("folderPercent");
            percent.textProperty()
                    .bind(Bindings.createStringBinding(
                            () -> Math.round(f.progressProperty().get() * 100) + " %", f.progressProperty()));
            HBox line = new HBox(10, state, bar, percent, errors);
            line.setAlignment(Pos.CENTER_LEFT);
            VBox box = new VBox(4, name, path, line, problem, actions.bar(f));
            box.setPadding(new Insets(6, 4, 6, 4));
            setGraphic(box);
        }
    }

    /** A device: name, online state and address, rates both ways, completion. */
    private static final class DeviceCell extends ListCell<DeviceRow> {
        private final java.util.function.Consumer<String> remove;
        private final java.util.function.BiConsumer<String, Boolean> pause;
        private final java.util.function.Consumer<String> edit;
        private DeviceRow shown;

        DeviceCell(
                java.util.function.Consumer<String> edit,
                java.util.function.BiConsumer<String, Boolean> pause,
                java.util.function.Consumer<String> remove) {
            this.edit = edit;
            this.pause = pause;
            this.remove = remove;
        }

        @Override
        protected void updateItem(DeviceRow d, boolean empty) {
            super.updateItem(d, empty);
            setText(null);
            if (empty || d == null) {
                shown = null;
                setGraphic(null);
                return;
            }
            if (d == shown && getGraphic() != null) {
                return; // already bound (see FolderCell)
            }
            shown = d;
            FontIcon icon = new FontIcon(Feather.MONITOR);
            Label name = new Label();
            name.textProperty().bind(d.nameProperty());
            name.setGraphic(icon);
            name.getStyleClass().add("text-bold");
            Label status = new Label();
            status.setId("deviceStatus");
            status.textProperty().bind(Bindings.concat(d.statusProperty(), "  ·  ", d.addressProperty()));
            status.getStyleClass().add("text-muted");
            Label rates = new Label();
            rates.textProperty().bind(d.ratesProperty());
            Label completion = new Label();
            completion.textProperty().bind(d.completionProperty());
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            javafx.scene.control.Button removeButton = new javafx.scene.control.Button("Remove");
            removeButton.setId("removeDevice");
            removeButton.getStyleClass().add("flat");
            String id = d.id();
            removeButton.setOnAction(e -> remove.accept(id));
            removeButton.setAccessibleText("Remove device " + id);
            javafx.scene.control.Button pauseButton = new javafx.scene.control.Button();
            pauseButton.setId("pauseDevice");
            pauseButton.getStyleClass().add("flat");
            pauseButton
                    .textProperty()
                    .bind(Bindings.createStringBinding(
                            () -> "Paused".equals(d.statusProperty().get()) ? "Resume" : "Pause", d.statusProperty()));
            pauseButton.accessibleTextProperty().bind(Bindings.concat(pauseButton.textProperty(), " device ", id));
            pauseButton.setOnAction(
                    e -> pause.accept(id, !"Paused".equals(d.statusProperty().get())));
            javafx.scene.control.Button editButton = new javafx.scene.control.Button("Edit");
            editButton.setId("editDevice");
            editButton.getStyleClass().add("flat");
            editButton.setAccessibleText("Edit device " + id);
            editButton.setOnAction(e -> edit.accept(id));
            HBox line = new HBox(10, rates, spacer, completion, editButton, pauseButton, removeButton);
            VBox box = new VBox(4, name, status, line);
            box.setPadding(new Insets(6, 4, 6, 4));
            setGraphic(box);
        }
    }
}
