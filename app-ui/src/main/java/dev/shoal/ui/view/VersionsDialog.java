package dev.shoal.ui.view;

import dev.shoal.store.versions.StoredVersion;
import dev.shoal.ui.Messages;
import dev.shoal.ui.model.Format;
import dev.shoal.ui.service.ShoalService;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A folder's kept versions: search by name, see each with its time and size, restore one (what is at that name
 * now is kept as a version first, so nothing is lost).
 */
final class VersionsDialog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private VersionsDialog() {}

    static Stage open(Window owner, ShoalService service, String folderId, Runnable changed) {
        TextField search = new TextField();
        search.setId("versionSearch");
        search.setPromptText(Messages.get("versions.search"));
        search.setAccessibleText(Messages.get("versions.search.accessible"));
        VBox list = new VBox(6);
        list.setId("versionList");
        Label status = new Label();
        status.setId("versionStatus");
        status.setWrapText(true);
        Label message = new Label();
        message.setId("versionMessage");
        message.setWrapText(true);
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(360);
        VBox root = new VBox(
                10, Dialogs.title(Messages.format("versions.title", folderId)), search, status, message, scroll);
        root.setId("versionsDialog");
        root.setPrefWidth(640);
        Stage stage = Dialogs.stage(owner, Messages.get("versions.window"), root);
        Runnable reload = new Runnable() {
            @Override
            public void run() {
                Background.call(
                        () -> service.versions(folderId),
                        all -> show(all, search.getText(), list, status, message, service, folderId, () -> {
                            changed.run();
                            this.run();
                        }),
                        status::setText);
            }
        };
        search.textProperty().addListener((o, a, b) -> reload.run());
        reload.run();
        stage.show();
        return stage;
    }

    private static void show(
            List<StoredVersion> all,
            String query,
            VBox list,
            Label status,
            Label message,
            ShoalService service,
            String folderId,
            Runnable restored) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<StoredVersion> shown = all.stream()
                .filter(v -> q.isEmpty() || v.name().toLowerCase(Locale.ROOT).contains(q))
                .sorted((x, y) -> y.archivedAt().compareTo(x.archivedAt()))
                .toList();
        list.getChildren().clear();
        status.setText(
                all.isEmpty()
                        ? Messages.get("versions.none")
                        : Messages.format("versions.count", shown.size(), all.size()));
        for (StoredVersion v : shown) {
            Label name = new Label(v.name(), new FontIcon(Feather.FILE));
            name.getStyleClass().add("text-bold");
            Label when = new Label(
                    v.device().isEmpty()
                            ? Messages.format("versions.row", TIME.format(v.archivedAt()), Format.bytes(v.size()))
                            : Messages.format(
                                    "versions.rowBy",
                                    TIME.format(v.archivedAt()),
                                    Format.bytes(v.size()),
                                    ConflictsDialog.deviceName(service, v.device())));
            when.getStyleClass().add("text-muted");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            Button restore = new Button(Messages.get("action.restore"), new FontIcon(Feather.ROTATE_CCW));
            restore.setId("restoreVersion");
            restore.setAccessibleText(
                    Messages.format("versions.restore.accessible", v.name(), TIME.format(v.archivedAt())));
            restore.setOnAction(e -> Background.run(
                    () -> service.restoreVersion(folderId, v.name(), v.archivedAt()),
                    () -> {
                        message.setText(Messages.format("versions.restored", v.name()));
                        restored.run();
                    },
                    message::setText));
            HBox row = new HBox(10, new VBox(2, name, when), spacer, restore);
            row.setAlignment(Pos.CENTER_LEFT);
            list.getChildren().add(row);
        }
    }
}
