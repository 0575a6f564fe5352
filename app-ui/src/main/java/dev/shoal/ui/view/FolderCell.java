package dev.shoal.ui.view;

import dev.shoal.ui.Messages;
import dev.shoal.ui.model.FolderRow;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** A folder in the list: ID and path, state in words, progress bar, its first problem, and its actions. */
final class FolderCell extends ListCell<FolderRow> {
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
        bar.setAccessibleText(Messages.format("folder.progress.accessible", f.id()));
        HBox.setHgrow(bar, Priority.ALWAYS);
        Label errors = new Label();
        errors.setId("folderErrors");
        errors.getStyleClass().addAll("danger", "text-bold");
        errors.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> f.errorsProperty().get() == 0
                                ? ""
                                : Messages.format(
                                        "folder.errors.badge",
                                        f.errorsProperty().get()),
                        f.errorsProperty()));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(f.firstErrorProperty());
        errors.setTooltip(tip);
        Label problem = new Label();
        problem.setId("folderFirstError");
        problem.setWrapText(true);
        problem.getStyleClass().addAll("text-small", "danger");
        problem.textProperty().bind(f.firstErrorProperty());
        problem.managedProperty().bind(f.errorsProperty().greaterThan(0));
        problem.visibleProperty().bind(f.errorsProperty().greaterThan(0));
        Label percent = new Label();
        percent.setId("folderPercent");
        percent.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Messages.format(
                                "percent", Math.round(f.progressProperty().get() * 100)),
                        f.progressProperty()));
        HBox line = new HBox(10, state, bar, percent, errors);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, name, path, line, problem, actions.bar(f));
        box.setPadding(new Insets(6, 4, 6, 4));
        setGraphic(box);
    }
}
