package dev.shoal.ui.view;

import dev.shoal.app.config.Config;
import dev.shoal.app.config.FolderEdits;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.ui.Messages;
import dev.shoal.ui.service.ShoalService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Edits a folder as {@code shoal folder edit} does: label, type, which paired devices it is shared with,
 * versioning, watching and the rescan interval. Applied at once by the running daemon.
 */
final class FolderEditDialog {
    private FolderEditDialog() {}

    static Stage open(Window owner, ShoalService service, String folderId, Runnable changed) {
        Config config = service.config();
        Config.SharedFolder f = config.folder(folderId).orElseThrow();
        TextField label =
                field("folderLabelField", f.label() == null ? "" : f.label(), Messages.get("folderEdit.label"));
        ComboBox<String> type = combo(
                "folderTypeChoice",
                Messages.get("folderEdit.type.accessible"),
                f.type(),
                "send-receive",
                "send-only",
                "receive-only");
        var v = FolderEdits.versioning(f.versioning());
        ComboBox<String> versioning = combo(
                "versioningChoice",
                Messages.get("folderEdit.versioning"),
                v.type().label(),
                "none",
                "trash",
                "simple",
                "staggered",
                "external");
        TextField keep =
                field("versioningKeepField", String.valueOf(v.keep()), Messages.get("folderEdit.keep.accessible"));
        TextField command = field(
                "versioningCommandField", v.command() == null ? "" : v.command(), Messages.get("folderEdit.command"));
        TextField rescan = field(
                "rescanIntervalField",
                f.rescanIntervalS() == null ? "" : String.valueOf(f.rescanIntervalS()),
                Messages.get("folderEdit.rescan.accessible"));
        CheckBox localChanges = new CheckBox(Messages.get("folderEdit.localChanges"));
        localChanges.setId("versionLocalChangesCheck");
        localChanges.setWrapText(true);
        localChanges.setSelected(v.localChanges());
        CheckBox watch = new CheckBox(Messages.get("folderEdit.watch"));
        watch.setId("watchCheck");
        watch.setSelected(f.watched());
        VBox devices = new VBox(4);
        Map<String, CheckBox> share = new LinkedHashMap<>();
        for (Config.PeerDevice d : config.devices()) {
            CheckBox c = new CheckBox(d.name().isEmpty() ? d.id() : d.name());
            c.setId("shareWith-" + d.id().substring(0, 7));
            c.setSelected(f.sharedWith().contains(d.id()));
            share.put(d.id(), c);
            devices.getChildren().add(c);
        }
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        String[] names = {
            Messages.get("folderEdit.label"),
            Messages.get("folderEdit.type"),
            Messages.get("folderEdit.versioning"),
            Messages.get("folderEdit.keep"),
            Messages.get("folderEdit.command"),
            "",
            Messages.get("folderEdit.rescan"),
            ""
        };
        javafx.scene.Node[] fields = {label, type, versioning, keep, command, localChanges, rescan, watch};
        for (int i = 0; i < names.length; i++) {
            grid.addRow(i, new Label(names[i]), fields[i]);
        }
        Label problem = Dialogs.problem("folderEditProblem");
        Button save = new Button(Messages.get("action.save"));
        save.setId("folderEditSave");
        save.setDefaultButton(true);
        Button cancel = new Button(Messages.get("action.cancel"));
        cancel.setCancelButton(true);
        VBox root = new VBox(
                10,
                Dialogs.title(Messages.format("folderEdit.title", folderId)),
                grid,
                new Label(Messages.get("folderEdit.sharedWith")),
                devices,
                problem,
                new HBox(8, save, cancel));
        root.setId("folderEditDialog");
        root.setPrefWidth(520);
        Stage stage = Dialogs.stage(owner, Messages.get("folderEdit.window"), root);
        cancel.setOnAction(e -> stage.close());
        save.setOnAction(e -> {
            List<DeviceId> add = new ArrayList<>();
            List<DeviceId> remove = new ArrayList<>();
            share.forEach((id, box) -> {
                boolean was = f.sharedWith().contains(id);
                if (box.isSelected() && !was) {
                    add.add(DeviceId.parse(id));
                } else if (!box.isSelected() && was) {
                    remove.add(DeviceId.parse(id));
                }
            });
            Background.run(
                    () -> service.editFolder(
                            folderId,
                            new FolderEdits.FolderChange(
                                    label.getText(),
                                    add,
                                    remove,
                                    type.getValue(),
                                    rescan.getText().isBlank() ? null : number(rescan.getText()),
                                    watch.isSelected(),
                                    new Config.VersioningSettings(
                                            versioning.getValue(),
                                            keep.getText().isBlank() ? null : number(keep.getText()),
                                            // not edited here: kept as it was
                                            f.versioning() == null
                                                    ? null
                                                    : f.versioning().maxAgeDays(),
                                            command.getText().isBlank()
                                                    ? null
                                                    : command.getText().strip(),
                                            localChanges.isSelected() ? Boolean.TRUE : null))),
                    () -> {
                        changed.run();
                        stage.close();
                    },
                    problem::setText);
        });
        stage.show();
        return stage;
    }

    private static Integer number(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new dev.shoal.app.config.InvalidConfigException(
                    Messages.format("folderEdit.notNumber", text.strip()));
        }
    }

    private static TextField field(String id, String text, String accessible) {
        TextField t = new TextField(text);
        t.setId(id);
        t.setAccessibleText(accessible);
        return t;
    }

    private static ComboBox<String> combo(String id, String accessible, String value, String... items) {
        ComboBox<String> c = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(items));
        c.setId(id);
        c.setAccessibleText(accessible);
        c.setValue(value);
        return c;
    }
}
