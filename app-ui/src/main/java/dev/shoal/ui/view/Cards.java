package dev.shoal.ui.view;

import dev.shoal.engine.api.FolderOffer;
import dev.shoal.engine.api.FolderType;
import dev.shoal.ui.Messages;
import dev.shoal.ui.model.DeviceRow;
import dev.shoal.ui.model.MainViewModel;
import dev.shoal.ui.service.ShoalService;
import dev.shoal.ui.service.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Requests that need the user: devices asking to pair, and folders offered by paired devices. */
final class Cards {
    private Cards() {}

    /**
     * A box showing one card per item of {@code items}, kept in step with the list. A card whose item is unchanged
     * is kept, not rebuilt: the model refreshes its lists every second, and a card replaced under the pointer would
     * swallow the click on its button and lose what the user typed into it.
     */
    static <T> VBox of(ObservableList<T> items, Function<T, Node> card) {
        VBox box = new VBox(8);
        Map<T, Node> shown = new HashMap<>();
        Runnable rebuild = () -> {
            Map<T, Node> next = new LinkedHashMap<>();
            for (T item : items) {
                next.put(item, shown.containsKey(item) ? shown.get(item) : card.apply(item));
            }
            shown.clear();
            shown.putAll(next);
            box.getChildren().setAll(next.values());
        };
        items.addListener((ListChangeListener<T>) c -> rebuild.run());
        rebuild.run();
        return box;
    }

    static Node pending(Snapshot.PendingInfo p, ShoalService service, Runnable changed) {
        Label title = new Label(
                p.address() == null
                        ? Messages.format(
                                "pending.title", p.name().isEmpty() ? Messages.get("pending.someDevice") : p.name())
                        : Messages.format(
                                "pending.titleFrom",
                                p.name().isEmpty() ? Messages.get("pending.someDevice") : p.name(),
                                p.address()));
        title.getStyleClass().add("text-bold");
        Label id = new Label(p.id());
        id.getStyleClass().addAll("text-small", "text-muted");
        Label code = new Label(p.verificationCode());
        code.setId("pendingCode");
        code.getStyleClass().add("title-3");
        Label hint = new Label(Messages.get("pending.hint"));
        hint.setWrapText(true);
        Label problem = Dialogs.problem("pendingProblem");
        Button accept = new Button(Messages.get("action.accept"), new FontIcon(Feather.CHECK));
        accept.setId("acceptPending");
        accept.getStyleClass().add("success");
        accept.setOnAction(e -> Background.run(() -> service.addDevice(p.id(), p.name()), changed, problem::setText));
        Button ignore = new Button(Messages.get("action.ignore"));
        ignore.setId("ignorePending");
        ignore.setOnAction(e -> Background.run(() -> service.ignorePending(p.id()), changed, problem::setText));
        VBox card = new VBox(6, title, id, code, hint, new HBox(8, accept, ignore), problem);
        card.getStyleClass().add("request-card");
        return card;
    }

    static Node offer(FolderOffer o, MainViewModel model, ShoalService service, Runnable changed) {
        String from = model.devices().stream()
                .filter(d -> d.id().equals(o.from().toString()))
                .map(DeviceRow::nameProperty)
                .map(n -> n.get())
                .findFirst()
                .orElse(o.from().shortString());
        Label title = new Label(Messages.format("offer.title", from, o.label()));
        title.getStyleClass().add("text-bold");
        TextField where = new TextField(
                dev.shoal.app.config.OfferLocations.defaultFor(dev.shoal.app.config.OfferLocations.base(), o.folderId())
                        .toString());
        where.setId("offerPath");
        HBox.setHgrow(where, Priority.ALWAYS);
        Label problem = Dialogs.problem("offerProblem");
        Button accept = new Button(Messages.get("action.accept"), new FontIcon(Feather.FOLDER_PLUS));
        accept.setId("acceptOffer");
        accept.getStyleClass().add("success");
        accept.setOnAction(e -> Background.run(
                () -> {
                    Path dir = Path.of(where.getText().strip());
                    Files.createDirectories(dir);
                    service.addFolder(o.folderId(), dir, List.of(o.from().toString()), FolderType.SEND_RECEIVE);
                },
                changed,
                problem::setText));
        Button decline = new Button(Messages.get("action.decline"));
        decline.setId("declineOffer");
        decline.setOnAction(e -> Background.run(
                () -> service.declineOffer(o.folderId(), o.from().toString()), changed, problem::setText));
        VBox card = new VBox(
                6, title, new Label(Messages.get("offer.keepIn")), where, new HBox(8, accept, decline), problem);
        card.getStyleClass().add("request-card");
        return card;
    }
}
