package dev.shoal.ui.view;

import dev.shoal.app.config.Config;
import dev.shoal.ui.Messages;
import dev.shoal.ui.service.ShoalService;
import java.util.Arrays;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Renames a paired device or changes where it is dialled, as {@code shoal device edit} does. */
final class DeviceEditDialog {
    private DeviceEditDialog() {}

    static Stage open(Window owner, ShoalService service, String deviceId, Runnable changed) {
        Config.PeerDevice d = service.config().device(deviceId).orElseThrow();
        TextField name = new TextField(d.name());
        name.setId("deviceNameField");
        name.setAccessibleText(Messages.get("settings.name"));
        TextField addresses = new TextField(String.join(", ", d.addresses()));
        addresses.setId("deviceAddressesField");
        addresses.setAccessibleText(Messages.get("deviceEdit.addresses.accessible"));
        addresses.setPromptText(Messages.get("deviceEdit.addresses.prompt"));
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, Dialogs.labelFor(new Label(Messages.get("deviceEdit.name")), name), name);
        grid.addRow(1, new Label(Messages.get("deviceEdit.addresses")), addresses);
        Label id = new Label(deviceId);
        id.getStyleClass().addAll("text-small", "text-muted");
        Label problem = Dialogs.problem("deviceEditProblem");
        Button save = new Button(Messages.get("action.save"));
        save.setId("deviceEditSave");
        save.setDefaultButton(true);
        Button cancel = new Button(Messages.get("action.cancel"));
        cancel.setCancelButton(true);
        VBox root = new VBox(
                10, Dialogs.title(Messages.get("deviceEdit.title")), id, grid, problem, new HBox(8, save, cancel));
        root.setId("deviceEditDialog");
        root.setPrefWidth(520);
        Stage stage = Dialogs.stage(owner, Messages.get("deviceEdit.title"), root);
        cancel.setOnAction(e -> stage.close());
        save.setOnAction(e -> {
            List<String> list = Arrays.stream(addresses.getText().split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            Background.run(
                    () -> service.editDevice(deviceId, name.getText(), list),
                    () -> {
                        changed.run();
                        stage.close();
                    },
                    problem::setText);
        });
        stage.show();
        return stage;
    }
}
