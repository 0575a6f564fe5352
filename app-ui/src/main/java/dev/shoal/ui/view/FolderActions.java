package dev.shoal.ui.view;

import dev.shoal.ui.Messages;
import dev.shoal.ui.model.FolderRow;
import dev.shoal.ui.service.ShoalService;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.layout.FlowPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A folder's buttons in the window: pause or resume, rescan now, edit, open in the file manager, its problems in
 * full, its versions, and remove (asked twice, in place: the files stay on disk). Each runs on the background
 * worker and reports a failure under the folder list.
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

    FlowPane bar(FolderRow f) {
        String id = f.id();
        Button pause = button("pauseFolder", Feather.PAUSE, null);
        pause.textProperty()
                .bind(Bindings.when(f.pausedProperty())
                        .then(Messages.get("action.resume"))
                        .otherwise(Messages.get("action.pause")));
        pause.accessibleTextProperty()
                .bind(Bindings.when(f.pausedProperty())
                        .then(Messages.format("folder.resume.accessible", id))
                        .otherwise(Messages.format("folder.pause.accessible", id)));
        pause.setOnAction(e -> {
            boolean resume = f.pausedProperty().get();
            Background.run(() -> service.pauseFolder(id, !resume), changed, problem);
        });
        Button rescan = button("rescanFolder", Feather.REFRESH_CW, Messages.get("action.rescan"));
        rescan.setAccessibleText(Messages.format("folder.rescan.accessible", id));
        rescan.setOnAction(e -> Background.run(() -> service.rescan(id), changed, problem));
        Button edit = button("editFolder", Feather.EDIT_2, Messages.get("action.edit"));
        edit.setAccessibleText(Messages.format("folder.edit.accessible", id));
        edit.setOnAction(e -> FolderEditDialog.open(edit.getScene().getWindow(), service, id, changed));
        Button open = button("openFolder", Feather.EXTERNAL_LINK, Messages.get("action.open"));
        open.setAccessibleText(Messages.format("folder.open.accessible", id));
        open.setOnAction(e ->
                Background.run(() -> FileManager.open(Path.of(f.pathProperty().get())), () -> {}, problem));
        Button problems = button("folderProblems", Feather.ALERT_CIRCLE, null);
        problems.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Messages.format(
                                "folder.problems", f.errorsProperty().get()),
                        f.errorsProperty()));
        problems.setAccessibleText(Messages.format("folder.problems.accessible", id));
        problems.visibleProperty().bind(f.errorsProperty().greaterThan(0));
        problems.managedProperty().bind(problems.visibleProperty());
        problems.setOnAction(e -> FolderErrorsDialog.open(problems.getScene().getWindow(), f));
        Button versions = button("folderVersions", Feather.CLOCK, Messages.get("action.versions"));
        versions.setAccessibleText(Messages.format("folder.versions.accessible", id));
        versions.setOnAction(e -> VersionsDialog.open(versions.getScene().getWindow(), service, id, changed));
        Button remove = button("removeFolder", Feather.TRASH_2, Messages.get("action.remove"));
        remove.setAccessibleText(Messages.format("folder.remove.accessible", id));
        Button confirm = button("confirmRemoveFolder", Feather.CHECK, Messages.format("folder.remove.confirm", id));
        confirm.getStyleClass().add("danger");
        confirm.setVisible(false);
        confirm.setManaged(false);
        remove.setOnAction(e -> {
            confirm.setVisible(!confirm.isVisible());
            confirm.setManaged(confirm.isVisible());
        });
        confirm.setOnAction(e -> Background.run(() -> service.removeFolder(id), changed, problem));
        // Wraps onto a second line rather than cutting buttons off in a narrow pane or at a larger text size.
        FlowPane bar = new FlowPane(6, 6, pause, rescan, edit, open, problems, versions, remove, confirm);
        bar.setPrefWrapLength(420);
        return bar;
    }

    private static Button button(String id, Feather icon, String text) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll("flat", "small");
        return b;
    }
}
