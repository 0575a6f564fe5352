package dev.shoal.ui.view;

import dev.shoal.ui.Messages;
import dev.shoal.ui.model.DeviceRow;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A device in the list: name and online state, how it is connected (address, path, round-trip time), rates both
 * ways, how much of this device's data it has and still needs, and its actions.
 */
final class DeviceCell extends ListCell<DeviceRow> {
    private final Consumer<String> edit;
    private final BiConsumer<String, Boolean> pause;
    private final Consumer<String> remove;
    /** The row this cell's nodes are bound to (see FolderCell). */
    private DeviceRow shown;

    DeviceCell(Consumer<String> edit, BiConsumer<String, Boolean> pause, Consumer<String> remove) {
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
        Label name = new Label();
        name.textProperty().bind(d.nameProperty());
        name.setGraphic(new FontIcon(Feather.MONITOR));
        name.getStyleClass().add("text-bold");
        Label status = new Label();
        status.setId("deviceStatus");
        status.textProperty().bind(d.statusProperty());
        status.getStyleClass().add("text-muted");
        Label connection = new Label();
        connection.setId("deviceConnection");
        connection.textProperty().bind(d.connectionProperty());
        connection.getStyleClass().addAll("text-small", "text-muted");
        connection.setWrapText(true);
        connection.managedProperty().bind(connection.textProperty().isNotEmpty());
        connection.visibleProperty().bind(connection.managedProperty());
        HBox head = new HBox(10, name, status);
        head.setAlignment(Pos.BASELINE_LEFT);
        Label rates = new Label();
        rates.setId("deviceRates");
        rates.textProperty().bind(d.ratesProperty());
        Label completion = new Label();
        completion.setId("deviceCompletion");
        completion.textProperty().bind(d.completionProperty());
        Label needs = new Label();
        needs.setId("deviceNeeds");
        needs.textProperty().bind(d.needsProperty());
        needs.getStyleClass().addAll("text-small", "text-muted");
        needs.managedProperty().bind(needs.textProperty().isNotEmpty());
        needs.visibleProperty().bind(needs.managedProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        String id = d.id();
        Button editButton = button("editDevice", Feather.EDIT_2, Messages.get("action.edit"));
        editButton.setAccessibleText(Messages.format("device.edit.accessible", id));
        editButton.setOnAction(e -> edit.accept(id));
        Button pauseButton = button("pauseDevice", Feather.PAUSE, null);
        pauseButton
                .textProperty()
                .bind(Bindings.when(d.pausedProperty())
                        .then(Messages.get("action.resume"))
                        .otherwise(Messages.get("action.pause")));
        pauseButton
                .accessibleTextProperty()
                .bind(Bindings.when(d.pausedProperty())
                        .then(Messages.format("device.resume.accessible", id))
                        .otherwise(Messages.format("device.pause.accessible", id)));
        pauseButton.setOnAction(e -> pause.accept(id, !d.pausedProperty().get()));
        Button removeButton = button("removeDevice", Feather.TRASH_2, Messages.get("action.remove"));
        removeButton.setAccessibleText(Messages.format("device.remove.accessible", id));
        // Asked twice, in place (as for a folder): the second button says what removing means.
        Button confirm = button("confirmRemoveDevice", Feather.CHECK, null);
        confirm.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Messages.format(
                                "device.remove.confirm", d.nameProperty().get()),
                        d.nameProperty()));
        confirm.getStyleClass().add("danger");
        confirm.setVisible(false);
        confirm.managedProperty().bind(confirm.visibleProperty());
        removeButton.setOnAction(e -> confirm.setVisible(!confirm.isVisible()));
        confirm.setOnAction(e -> remove.accept(id));
        HBox line = new HBox(10, rates, spacer, completion);
        line.setAlignment(Pos.CENTER_LEFT);
        javafx.scene.layout.FlowPane actions =
                new javafx.scene.layout.FlowPane(6, 6, editButton, pauseButton, removeButton, confirm);
        VBox box = new VBox(4, head, connection, line, needs, actions);
        box.setPadding(new Insets(6, 4, 6, 4));
        setGraphic(box);
    }

    private static Button button(String id, Feather icon, String text) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll("flat", "small");
        return b;
    }
}
