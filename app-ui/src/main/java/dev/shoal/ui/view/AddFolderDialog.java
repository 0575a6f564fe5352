package dev.shoal.ui.view;

import dev.shoal.engine.api.FolderType;
import dev.shoal.ui.Messages;
import dev.shoal.ui.model.DeviceRow;
import dev.shoal.ui.model.MainViewModel;
import dev.shoal.ui.service.ShoalService;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Sharing a directory: where, under which folder ID, with which paired devices, and how (folder type). */
final class AddFolderDialog {
    private AddFolderDialog() {}

    static Stage open(Window owner, ShoalService service, MainViewModel model, Runnable changed) {
        TextField path = new TextField();
        path.setId("folderPathField");
        path.setPromptText(Messages.get("addFolder.path.prompt"));
        HBox.setHgrow(path, Priority.ALWAYS);
        TextField id = new TextField();
        id.setId("folderIdField");
        id.setPromptText(Messages.get("addFolder.id.prompt"));
        // The directory's name is a good ID until the user types one.
        path.textProperty().addListener((obs, old, now) -> {
            String suggested = suggestId(old);
            if (id.getText().isEmpty() || id.getText().equals(suggested)) {
                id.setText(suggestId(now));
            }
        });
        Button browse = new Button(Messages.get("addFolder.browse"), new FontIcon(Feather.FOLDER));
        browse.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(owner);
            if (dir != null) {
                path.setText(dir.getAbsolutePath());
            }
        });
        ChoiceBox<FolderType> type = new ChoiceBox<>();
        type.setId("folderTypeChoice");
        type.getItems().setAll(FolderType.values());
        type.setValue(FolderType.SEND_RECEIVE);
        type.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(FolderType t) {
                return t == null ? "" : t.label();
            }

            @Override
            public FolderType fromString(String s) {
                return FolderType.parse(s);
            }
        });
        List<CheckBox> devices = new ArrayList<>();
        VBox shareWith = new VBox(6);
        for (DeviceRow d : model.devices()) {
            CheckBox box = new CheckBox(d.nameProperty().get());
            box.setUserData(d.id());
            box.setSelected(true);
            devices.add(box);
            shareWith.getChildren().add(box);
        }
        if (devices.isEmpty()) {
            shareWith.getChildren().add(new Label(Messages.get("addFolder.noDevices")));
        }
        Label problem = Dialogs.problem("addFolderMessage");
        Button add = new Button(Messages.get("main.share"), new FontIcon(Feather.FOLDER_PLUS));
        add.setId("addFolderConfirm");
        add.getStyleClass().add("accent");
        add.disableProperty()
                .bind(path.textProperty().isEmpty().or(id.textProperty().isEmpty()));
        VBox root = new VBox(
                10,
                Dialogs.title(Messages.get("addFolder.title")),
                Dialogs.labelFor(new Label(Messages.get("addFolder.directory")), path),
                new HBox(8, path, browse),
                Dialogs.labelFor(new Label(Messages.get("addFolder.id")), id),
                id,
                Dialogs.labelFor(new Label(Messages.get("folderEdit.type.accessible")), type),
                type,
                new Label(Messages.get("addFolder.shareWith")),
                shareWith,
                problem,
                add);
        root.setId("addFolderDialog");
        root.setPrefWidth(520);
        Stage stage = Dialogs.stage(owner, Messages.get("addFolder.title"), root);
        add.setOnAction(e -> {
            List<String> with = devices.stream()
                    .filter(CheckBox::isSelected)
                    .map(b -> (String) b.getUserData())
                    .toList();
            Background.run(
                    () -> service.addFolder(
                            id.getText().strip(), Path.of(path.getText().strip()), with, type.getValue()),
                    () -> {
                        stage.close();
                        changed.run();
                    },
                    problem::setText);
        });
        stage.show();
        return stage;
    }

    static String suggestId(String path) {
        if (path == null || path.isBlank()) {
            return "";
        }
        Path p = Path.of(path.strip()).getFileName();
        String name = p == null ? "" : p.toString().toLowerCase(java.util.Locale.ROOT);
        return name.replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    }
}
