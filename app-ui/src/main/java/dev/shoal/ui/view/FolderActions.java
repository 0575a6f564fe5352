package dev.shoal.ui.view;

import dev.shoal.ui.model.FolderRow;
import dev.shoal.ui.service.ShoalService;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A folder's buttons in the window: pause or resume, rescan now, and remove (asked twice, in place: the files
 * stay on disk). Each runs on the background worker and reports a failure under the folder list.
 */
final class FolderActions {
    private final ShoalService service;
    private final Runnable changed;
    private final Consumer<String> problem;

    FolderActions(ShoalService service, Runnable changed, Consumer<String> problem) {
        this.service = service;
        this.changed = changed;
        this.problem = problem;
    }

    HBox bar(FolderRow f) {
        String id = f.id();
        Button pause = button("pauseFolder", Feather.PAUSE);
        pause.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> "Paused".equals(f.stateProperty().get()) ? "Resume" : "Pause", f.stateProperty()));
        pause.accessibleTextProperty().bind(Bindings.concat(pause.textProperty(), " folder ", id));
        pause.setOnAction(e -> {
            boolean resume = "Paused".equals(f.stateProperty().get());
            Background.run(() -> service.pauseFolder(id, !resume), changed, problem);
        });
        Button rescan = button("rescanFolder", Feather.REFRESH_CW);
        rescan.setText("Rescan");
        rescan.setAccessibleText("Rescan folder " + id);
        rescan.setOnAction(e -> Background.run(() -> service.rescan(id), changed, problem));
        Button remove = button("removeFolder", Feather.TRASH_2);
        remove.setText("Remove");
        remove.setAccessibleText("Remove folder " + id + " from Shoal; its files stay on disk");
        Button confirm = button("confirmRemoveFolder", Feather.CHECK);
        confirm.setText("Stop syncing '" + id + "' (files stay)");
        confirm.getStyleClass().add("danger");
        confirm.setVisible(false);
        confirm.setManaged(false);
        remove.setOnAction(e -> {
            confirm.setVisible(!confirm.isVisible());
            confirm.setManaged(confirm.isVisible());
        });
        confirm.setOnAction(e -> Background.run(() -> service.removeFolder(id), changed, problem));
        Button versions = button("folderVersions", Feather.CLOCK);
        versions.setText("Versions");
        versions.setAccessibleText("Browse and restore old versions in folder " + id);
        versions.setOnAction(e -> VersionsDialog.open(versions.getScene().getWindow(), service, id, changed));
        Button edit = button("editFolder", Feather.EDIT_2);
        edit.setText("Edit");
        edit.setAccessibleText("Edit folder " + id);
        edit.setOnAction(e -> FolderEditDialog.open(edit.getScene().getWindow(), service, id, changed));
        return new HBox(6, pause, rescan, edit, versions, remove, confirm);
    }

    private static Button button(String id, Feather icon) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll("flat", "small");
        return b;
    }
}
