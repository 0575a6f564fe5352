package dev.shoal.ui.view;

import dev.shoal.ui.Messages;
import dev.shoal.ui.model.FolderRow;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** A folder's problems in full, one per line, kept current while open and easy to copy into a bug report. */
final class FolderErrorsDialog {
    private FolderErrorsDialog() {}

    static Stage open(Window owner, FolderRow folder) {
        TextArea text = new TextArea();
        text.setId("folderErrorText");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(12);
        text.setAccessibleText(Messages.format("errors.accessible", folder.id()));
        text.textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> folder.errorListProperty().get().isEmpty()
                                ? Messages.get("errors.none")
                                : String.join("\n", folder.errorListProperty().get()),
                        folder.errorListProperty()));
        Label hint = new Label(Messages.get("errors.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("text-muted");
        Button copy = new Button(Messages.get("action.copy"));
        copy.setId("copyErrors");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text.getText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        Button close = new Button(Messages.get("action.close"));
        close.setId("closeErrors");
        close.setCancelButton(true);
        VBox root = new VBox(
                10, Dialogs.title(Messages.format("errors.title", folder.id())), hint, text, new HBox(8, copy, close));
        root.setId("folderErrorsDialog");
        root.setPrefWidth(640);
        Stage stage = Dialogs.stage(owner, Messages.get("errors.window"), root);
        close.setOnAction(e -> stage.close());
        stage.show();
        return stage;
    }
}
