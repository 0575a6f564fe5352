package dev.shoal.ui.model;

import dev.shoal.engine.api.ConflictChoice;
import dev.shoal.engine.api.ConflictInfo;

/**
 * A conflict as the user decides it: "mine" is the version this device made, "theirs" the other device's.
 * When neither came from this device (two others clashed), "mine" is the one under the file's name here.
 */
public record ConflictRow(ConflictInfo conflict, boolean mineIsCurrent) {
    public static ConflictRow of(ConflictInfo c, String selfShort) {
        return new ConflictRow(c, !c.copy().device().equals(selfShort));
    }

    public ConflictInfo.Version mine() {
        return mineIsCurrent ? conflict.current() : conflict.copy();
    }

    public ConflictInfo.Version theirs() {
        return mineIsCurrent ? conflict.copy() : conflict.current();
    }

    public ConflictChoice keepMine() {
        return mineIsCurrent ? ConflictChoice.KEEP_CURRENT : ConflictChoice.KEEP_COPY;
    }

    public ConflictChoice keepTheirs() {
        return mineIsCurrent ? ConflictChoice.KEEP_COPY : ConflictChoice.KEEP_CURRENT;
    }

    /** The file holding my version (for "open"). */
    public String mineFile() {
        return mineIsCurrent ? conflict.file() : conflict.copyName();
    }

    public String theirsFile() {
        return mineIsCurrent ? conflict.copyName() : conflict.file();
    }
}
