package dev.shoal.ui.model;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.InvalidDeviceIdException;
import dev.shoal.ui.Messages;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Add device" form: the ID is checked as it is typed, so a typo is caught (the check characters) before
 * anything is saved, with a message that says what is wrong.
 */
public final class AddDeviceModel {
    private final String self;
    private final StringProperty id = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty valid = new SimpleBooleanProperty();

    /** @param self this device's ID, which cannot be added */
    public AddDeviceModel(String self) {
        this.self = self;
        id.addListener((obs, old, now) -> check(now));
    }

    private void check(String text) {
        if (text == null || text.isBlank()) {
            message.set("");
            valid.set(false);
            return;
        }
        try {
            DeviceId parsed = DeviceId.parse(text);
            if (parsed.toString().equals(self)) {
                message.set(Messages.get("pairing.ownId"));
                valid.set(false);
            } else {
                message.set("");
                valid.set(true);
            }
        } catch (InvalidDeviceIdException e) {
            message.set(e.getMessage());
            valid.set(false);
        }
    }

    public StringProperty idProperty() {
        return id;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty validProperty() {
        return valid;
    }
}
