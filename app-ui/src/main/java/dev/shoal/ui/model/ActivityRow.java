package dev.shoal.ui.model;

import dev.shoal.engine.api.Activity;
import dev.shoal.ui.Messages;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One line of recent activity: when, what happened to which file, from which device. */
public record ActivityRow(String time, String text, Activity.Kind kind) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    static ActivityRow of(Activity a, ZoneId zone) {
        return of(a, zone, a.device());
    }

    /** @param from how to name the device the change came from (its name, when known) */
    static ActivityRow of(Activity a, ZoneId zone, String from) {
        String what =
                switch (a.kind()) {
                    case SYNCED -> Messages.format("activity.synced", a.name(), Format.bytes(a.bytes()));
                    case DELETED -> Messages.format("activity.deleted", a.name());
                    case CONFLICT -> Messages.format("activity.conflict", a.name());
                };
        return new ActivityRow(
                TIME.format(a.at().atZone(zone)), Messages.format("activity.line", what, a.folder(), from), a.kind());
    }
}
