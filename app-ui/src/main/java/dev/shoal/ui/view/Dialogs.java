package dev.shoal.ui.view;

import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Small helpers shared by the dialogs: a modal stage over the main window, and message labels. */
final class Dialogs {
    private Dialogs() {}

    static Stage stage(Window owner, String title, Parent content) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle(title);
        if (content instanceof javafx.scene.layout.Region r) {
            r.setPadding(new Insets(20));
        }
        stage.setScene(new Scene(content));
        return stage;
    }

    /** A label for a problem the user can fix, hidden while empty. */
    static Label problem(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add("danger");
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }

    static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("title-4");
        return l;
    }
}
