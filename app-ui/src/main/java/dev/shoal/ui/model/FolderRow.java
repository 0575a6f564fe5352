package dev.shoal.ui.model;

import dev.shoal.engine.api.FolderState;
import dev.shoal.ui.Messages;
import dev.shoal.ui.service.Snapshot;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One folder as the folder list shows it: state in words, progress and rate while syncing, errors. */
public final class FolderRow {
    public static final String UP_TO_DATE = Messages.get("folder.state.upToDate");

    private final ReadOnlyStringWrapper id = new ReadOnlyStringWrapper();
    private final StringProperty path = new SimpleStringProperty();
    private final StringProperty type = new SimpleStringProperty();
    private final StringProperty state = new SimpleStringProperty();
    /** 0 to 1 while something is needed or arriving; 1 when up to date. */
    private final DoubleProperty progress = new SimpleDoubleProperty();

    private final IntegerProperty errors = new SimpleIntegerProperty();
    private final StringProperty firstError = new SimpleStringProperty("");
    private final ObjectProperty<List<String>> errorList = new SimpleObjectProperty<>(List.of());
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final IntegerProperty conflicts = new SimpleIntegerProperty();
    private final Rate rate = new Rate();

    FolderRow(String id) {
        this.id.set(id);
    }

    void update(Snapshot.FolderInfo f, java.time.Instant at) {
        path.set(f.path());
        type.set(f.type());
        double perSecond = rate.update(f.localBytes(), at);
        errors.set(f.errors().size());
        firstError.set(f.errors().isEmpty() ? "" : f.errors().getFirst());
        if (!errorList.get().equals(f.errors())) {
            errorList.set(List.copyOf(f.errors()));
        }
        paused.set(f.state() == FolderState.PAUSED);
        conflicts.set(f.conflicts());
        progress.set(f.completion() / 100.0);
        state.set(describe(f, perSecond));
    }

    static String describe(Snapshot.FolderInfo f, double perSecond) {
        if (f.state() == FolderState.PAUSED) {
            return Messages.get("folder.state.paused");
        }
        if (f.state() == FolderState.ERROR) {
            return Messages.format(
                    "folder.state.stopped",
                    f.errors().isEmpty()
                            ? Messages.get("folder.state.seeLog")
                            : f.errors().getFirst());
        }
        if (f.needFiles() > 0) {
            String pct = Messages.format("percent", f.completion());
            return f.state() == FolderState.SYNCING || perSecond > 0
                    ? perSecond > 0
                            ? Messages.format("folder.state.syncingAt", pct, Format.rate(perSecond))
                            : Messages.format("folder.state.syncing", pct)
                    : Messages.format("folder.state.waiting", f.needFiles(), pct);
        }
        if (f.state() == FolderState.SCANNING) {
            return Messages.get("folder.state.scanning");
        }
        if (!f.errors().isEmpty()) {
            return Messages.format("folder.state.notSynced", f.errors().size());
        }
        return UP_TO_DATE;
    }

    public String id() {
        return id.get();
    }

    public StringProperty pathProperty() {
        return path;
    }

    public StringProperty typeProperty() {
        return type;
    }

    public StringProperty stateProperty() {
        return state;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public IntegerProperty errorsProperty() {
        return errors;
    }

    public StringProperty firstErrorProperty() {
        return firstError;
    }

    /** Every problem of the folder, in full: a file's name and what went wrong with it. */
    public ObjectProperty<List<String>> errorListProperty() {
        return errorList;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public IntegerProperty conflictsProperty() {
        return conflicts;
    }
}
