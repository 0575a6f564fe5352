package dev.shoal.ui.model;

import dev.shoal.engine.api.FolderState;
import dev.shoal.ui.service.Snapshot;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One folder as the folder list shows it: state in words, progress and rate while syncing, errors. */
public final class FolderRow {
    public static final String UP_TO_DATE = "Up to date";

    private final ReadOnlyStringWrapper id = new ReadOnlyStringWrapper();
    private final StringProperty path = new SimpleStringProperty();
    private final StringProperty type = new SimpleStringProperty();
    private final StringProperty state = new SimpleStringProperty();
    /** 0 to 1 while something is needed or arriving; 1 when up to date. */
    private final DoubleProperty progress = new SimpleDoubleProperty();

    private final IntegerProperty errors = new SimpleIntegerProperty();
    private final StringProperty firstError = new SimpleStringProperty("");
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
        conflicts.set(f.conflicts());
        progress.set(f.completion() / 100.0);
        state.set(describe(f, perSecond));
    }

    static String describe(Snapshot.FolderInfo f, double perSecond) {
        if (f.state() == FolderState.PAUSED) {
            return "Paused";
        }
        if (f.state() == FolderState.ERROR) {
            return "Stopped: "
                    + (f.errors().isEmpty() ? "see the log" : f.errors().getFirst());
        }
        if (f.needFiles() > 0) {
            String pct = f.completion() + " %";
            return f.state() == FolderState.SYNCING || perSecond > 0
                    ? "Syncing " + pct + (perSecond > 0 ? " · " + Format.rate(perSecond) : "")
                    : "Waiting for " + f.needFiles() + (f.needFiles() == 1 ? " file" : " files") + " · " + pct;
        }
        if (f.state() == FolderState.SCANNING) {
            return "Scanning";
        }
        if (!f.errors().isEmpty()) {
            return f.errors().size() == 1 ? "1 file not synced" : f.errors().size() + " files not synced";
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

    public IntegerProperty conflictsProperty() {
        return conflicts;
    }
}
