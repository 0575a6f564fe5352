package dev.shoal.ui.view;

import dev.shoal.engine.api.ConflictChoice;
import dev.shoal.engine.api.ConflictInfo;
import dev.shoal.ui.Messages;
import dev.shoal.ui.model.ConflictRow;
import dev.shoal.ui.model.Format;
import dev.shoal.ui.service.ShoalService;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.application.HostServices;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Files changed on two devices at once, each with both versions (size, time, device): open either, then keep
 * mine, keep theirs or keep both. The version set aside goes to the folder's versions, never lost.
 */
final class ConflictsDialog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ConflictsDialog() {}

    static Stage open(Window owner, ShoalService service, HostServices host, Runnable changed) {
        VBox list = new VBox(16);
        list.setId("conflictList");
        Label status = new Label();
        status.setId("conflictStatus");
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(360);
        VBox root = new VBox(12, Dialogs.title(Messages.get("conflicts.title")), status, scroll);
        root.setId("conflictsDialog");
        root.setPrefWidth(680);
        Stage stage = Dialogs.stage(owner, Messages.get("conflicts.title"), root);
        reload(list, status, service, host, changed);
        stage.show();
        return stage;
    }

    static void reload(VBox list, Label status, ShoalService service, HostServices host, Runnable changed) {
        String selfShort = service.self().toString().substring(0, 7);
        Background.call(
                service::conflicts,
                conflicts -> {
                    list.getChildren().clear();
                    status.setText(
                            conflicts.isEmpty()
                                    ? Messages.get("conflicts.none")
                                    : Messages.format("conflicts.count", conflicts.size()));
                    for (ConflictInfo c : conflicts) {
                        list.getChildren().add(card(ConflictRow.of(c, selfShort), service, host, () -> {
                            changed.run();
                            reload(list, status, service, host, changed);
                        }));
                    }
                },
                status::setText);
    }

    private static VBox card(ConflictRow row, ShoalService service, HostServices host, Runnable resolved) {
        ConflictInfo c = row.conflict();
        GridPane versions = new GridPane();
        versions.setHgap(16);
        versions.setVgap(6);
        addVersion(versions, 0, Messages.get("conflicts.mine"), row.mine(), row.mineFile(), c.folder(), service, host);
        addVersion(
                versions,
                1,
                Messages.get("conflicts.theirs"),
                row.theirs(),
                row.theirsFile(),
                c.folder(),
                service,
                host);
        Label problem = Dialogs.problem("conflictProblem");
        Button mine =
                choice(Messages.get("conflicts.keepMine"), "keepMine", row.keepMine(), c, service, resolved, problem);
        Button theirs = choice(
                Messages.get("conflicts.keepTheirs"), "keepTheirs", row.keepTheirs(), c, service, resolved, problem);
        Button both = choice(
                Messages.get("conflicts.keepBoth"),
                "keepBoth",
                ConflictChoice.KEEP_BOTH,
                c,
                service,
                resolved,
                problem);
        Label name = new Label(c.folder() + " / " + c.file());
        name.getStyleClass().add("title-4");
        VBox card = new VBox(8, name, versions, new HBox(8, mine, theirs, both), problem);
        card.getStyleClass().add("conflict-card");
        return card;
    }

    private static void addVersion(
            GridPane grid,
            int row,
            String who,
            ConflictInfo.Version v,
            String file,
            String folder,
            ShoalService service,
            HostServices host) {
        Button open = new Button(Messages.get("action.open"), new FontIcon(Feather.EXTERNAL_LINK));
        open.getStyleClass().add("flat");
        open.setDisable(host == null);
        open.setOnAction(e -> service.folderPath(folder)
                .map(p -> p.resolve(file))
                .map(Path::toUri)
                .ifPresent(uri -> host.showDocument(uri.toString())));
        Label what = new Label(who);
        what.getStyleClass().add("text-bold");
        grid.addRow(
                row,
                what,
                new Label(Format.bytes(v.size())),
                new Label(TIME.format(v.modified().atZone(ZoneId.systemDefault()))),
                new Label(Messages.format("conflicts.from", deviceName(service, v.device()))),
                open);
        GridPane.setHalignment(open, javafx.geometry.HPos.RIGHT);
    }

    /** "this device", a paired device's name, or the 7-character ID prefix when unknown. */
    static String deviceName(ShoalService service, String shortId) {
        if (service.self().toString().startsWith(shortId)) {
            return Messages.get("conflicts.thisDevice");
        }
        return service.config().devices().stream()
                .filter(d -> d.id().startsWith(shortId) && !d.name().isEmpty())
                .map(d -> d.name())
                .findFirst()
                .orElse(shortId);
    }

    private static Button choice(
            String text,
            String id,
            ConflictChoice choice,
            ConflictInfo c,
            ShoalService service,
            Runnable resolved,
            Label problem) {
        Button b = new Button(text);
        b.setId(id);
        b.setAlignment(Pos.CENTER);
        b.setOnAction(e -> Background.run(
                () -> service.resolveConflict(c.folder(), c.copyName(), choice).get(), resolved, problem::setText));
        return b;
    }
}
