package dev.shoal.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.api.ConflictChoice;
import dev.shoal.engine.api.ConflictInfo;
import dev.shoal.engine.spi.DeviceId;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The add-device form and the conflict choices, without JavaFX nodes. */
class FormModelsTest {
    static String id(int n) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) n);
        return DeviceId.ofHash(h).toString();
    }

    @Test
    void aDeviceIdIsCheckedAsItIsTyped() {
        AddDeviceModel form = new AddDeviceModel(id(1));
        assertThat(form.validProperty().get()).isFalse();

        String good = id(2);
        char wrong = good.charAt(3) == 'A' ? 'B' : 'A';
        form.idProperty().set(good.substring(0, 3) + wrong + good.substring(4)); // one typo
        assertThat(form.validProperty().get()).isFalse();
        assertThat(form.messageProperty().get()).contains("typo");

        form.idProperty().set(good.toLowerCase().replace("-", " "));
        assertThat(form.validProperty().get()).isTrue();
        assertThat(form.messageProperty().get()).isEmpty();

        form.idProperty().set(id(1));
        assertThat(form.validProperty().get()).isFalse();
        assertThat(form.messageProperty().get()).contains("this device's own ID");
    }

    @Test
    void mineIsTheVersionThisDeviceMade() {
        var current = new ConflictInfo.Version(10, Instant.EPOCH, "BETA123");
        var copy = new ConflictInfo.Version(20, Instant.EPOCH, "ALPHA12");
        ConflictInfo c = new ConflictInfo("docs", "notes.txt", "notes.sync-conflict-x-ALPHA12.txt", current, copy);

        ConflictRow asAlpha = ConflictRow.of(c, "ALPHA12");
        assertThat(asAlpha.mine()).isEqualTo(copy);
        assertThat(asAlpha.keepMine()).isEqualTo(ConflictChoice.KEEP_COPY);
        assertThat(asAlpha.keepTheirs()).isEqualTo(ConflictChoice.KEEP_CURRENT);
        assertThat(asAlpha.theirsFile()).isEqualTo("notes.txt");

        ConflictRow asBeta = ConflictRow.of(c, "BETA123");
        assertThat(asBeta.mine()).isEqualTo(current);
        assertThat(asBeta.keepMine()).isEqualTo(ConflictChoice.KEEP_CURRENT);
        assertThat(asBeta.mineFile()).isEqualTo("notes.txt");
    }
}
