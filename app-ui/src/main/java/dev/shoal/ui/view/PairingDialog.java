package dev.shoal.ui.view;

import dev.shoal.ui.Messages;
import dev.shoal.ui.model.AddDeviceModel;
import dev.shoal.ui.model.MainViewModel;
import dev.shoal.ui.service.ShoalService;
import dev.shoal.ui.service.Snapshot;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Pairing: this device's ID (copy it, or show the QR code to the other device), and adding another device by
 * its ID, typed or picked from the devices found nearby. The ID is checked as it is typed.
 */
final class PairingDialog {
    private PairingDialog() {}

    static Stage open(Window owner, ShoalService service, MainViewModel model, Runnable changed) {
        VBox root = content(service, model, changed);
        Stage stage = Dialogs.stage(owner, Messages.get("pairing.window"), root);
        stage.show();
        return stage;
    }

    static VBox content(ShoalService service, MainViewModel model, Runnable changed) {
        String self = model.deviceIdProperty().get();
        TextField ownId = new TextField(self);
        ownId.setId("ownDeviceId");
        ownId.setEditable(false);
        ownId.setAccessibleText(Messages.get("pairing.ownId.accessible"));
        ownId.setPrefColumnCount(40);
        Button copy = new Button(Messages.get("action.copy"), new FontIcon(Feather.COPY));
        copy.setId("copyDeviceId");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(self);
            Clipboard.getSystemClipboard().setContent(c);
            copy.setText(Messages.get("pairing.copied"));
        });
        ImageView qr = new ImageView(QrCode.of(self, 4));
        qr.setId("deviceQr");
        VBox thisDevice = new VBox(
                8,
                Dialogs.title(Messages.get("pairing.thisDevice")),
                new Label(Messages.get("pairing.giveId")),
                ownIdRow(ownId, copy),
                qr);

        AddDeviceModel form = new AddDeviceModel(self);
        TextField id = new TextField();
        id.setId("deviceIdField");
        id.setPromptText(Messages.get("pairing.id.prompt"));
        id.textProperty().bindBidirectional(form.idProperty());
        TextField name = new TextField();
        name.setId("deviceNameField");
        name.setPromptText(Messages.get("pairing.name"));
        name.setAccessibleText(Messages.get("pairing.name"));
        name.textProperty().bindBidirectional(form.nameProperty());
        Label message = Dialogs.problem("deviceIdMessage");
        message.textProperty().bind(form.messageProperty());
        // Both sides show this string while pairing; the user compares them before sharing anything.
        Label verification = new Label();
        verification.setId("dialVerification");
        verification
                .textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> {
                            try {
                                var peer = dev.shoal.engine.spi.DeviceId.parse(
                                        form.idProperty().get().strip());
                                var me = dev.shoal.engine.spi.DeviceId.parse(self);
                                return peer.equals(me)
                                        ? ""
                                        : Messages.format(
                                                "pairing.verification",
                                                dev.shoal.engine.api.VerificationCode.of(me, peer));
                            } catch (RuntimeException e) {
                                return "";
                            }
                        },
                        form.idProperty()));
        Button add = new Button(Messages.get("pairing.add"), new FontIcon(Feather.USER_PLUS));
        add.setId("addDeviceConfirm");
        add.getStyleClass().add("accent");
        add.disableProperty().bind(form.validProperty().not());
        Label done = new Label();
        done.setId("addDeviceDone");
        Label failed = Dialogs.problem("addDeviceFailed");
        add.setOnAction(e -> Background.run(
                () -> service.addDevice(
                        form.idProperty().get(), form.nameProperty().get()),
                () -> {
                    failed.setText("");
                    done.setText(Messages.get("pairing.done"));
                    form.idProperty().set("");
                    form.nameProperty().set("");
                    changed.run();
                },
                failed::setText));

        ListView<Snapshot.NearbyInfo> nearby = new ListView<>(model.nearby());
        nearby.setId("nearbyList");
        nearby.setPrefHeight(110);
        nearby.setPlaceholder(new Label(Messages.get("pairing.noneNearby")));
        nearby.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Snapshot.NearbyInfo item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Button use = new Button(Messages.get("pairing.use"));
                use.setOnAction(e -> {
                    form.idProperty().set(item.id());
                    form.nameProperty().set(item.name());
                });
                Label text = new Label(item.name() + "  ·  " + item.address());
                HBox.setHgrow(text, Priority.ALWAYS);
                text.setMaxWidth(Double.MAX_VALUE);
                HBox row = new HBox(8, text, use);
                row.setAlignment(Pos.CENTER_LEFT);
                setGraphic(row);
                setText(null);
            }
        });

        VBox addDevice = new VBox(
                8,
                Dialogs.title(Messages.get("pairing.addTitle")),
                Dialogs.labelFor(wrapping(new Label(Messages.get("pairing.idLabel"))), id),
                id,
                message,
                verification,
                name,
                new HBox(8, add, done),
                failed,
                new Label(Messages.get("pairing.nearby")),
                nearby);
        VBox root = new VBox(24, thisDevice, addDevice);
        root.setId("pairingDialog");
        root.setPrefWidth(620);
        return root;
    }

    /** The ID and its copy button: the field gives up width first, the button never (it was cut off to "..."). */
    private static HBox ownIdRow(TextField ownId, Button copy) {
        copy.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ownId.setMinWidth(120);
        HBox.setHgrow(ownId, Priority.ALWAYS);
        return new HBox(8, ownId, copy);
    }

    private static Label wrapping(Label l) {
        l.setWrapText(true);
        return l;
    }
}
