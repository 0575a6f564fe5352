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
        keepWhole(content);
        return stage;
    }

    /**
     * Labels and buttons of {@code root} keep their whole text: the window grows (or a long label wraps) rather
     * than cutting a word off with "...", also with larger text. Nodes added later (a list's rows) are not touched.
     */
    static void keepWhole(Parent root) {
        for (javafx.scene.Node n : root.getChildrenUnmodifiable()) {
            if (n instanceof javafx.scene.control.Labeled l && !l.isWrapText()) {
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
            if (n instanceof Parent p && !(n instanceof javafx.scene.control.Control)) {
                keepWhole(p);
            }
        }
    }

    /**
     * {@code label} names {@code field} for screen readers (and for a spinner, the text field inside it too).
     *
     * @return the label
     */
    static Label labelFor(Label label, javafx.scene.Node field) {
        label.setLabelFor(field);
        field.setAccessibleText(label.getText());
        if (field instanceof javafx.scene.control.Spinner<?> s) {
            s.getEditor().setAccessibleText(label.getText());
        }
        return label;
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
