package dev.shoal.engine.conflict;

import dev.shoal.store.index.FileRecord;

/**
 * Which of two concurrent versions wins. Every device applies the same rule to the same pair and so reaches
 * the same answer without talking: an edit beats a deletion (nothing is lost), then the newer modification time,
 * then the larger device ID.
 */
public final class ConflictRule {
    private ConflictRule() {}

    public enum Winner {
        LOCAL,
        REMOTE
    }

    public static Winner winner(FileRecord local, FileRecord remote) {
        if (local.deleted() != remote.deleted()) {
            return local.deleted() ? Winner.REMOTE : Winner.LOCAL;
        }
        int byTime = Long.compare(local.mtimeSeconds(), remote.mtimeSeconds());
        if (byTime == 0) {
            byTime = Integer.compare(local.mtimeNanos(), remote.mtimeNanos());
        }
        if (byTime != 0) {
            return byTime > 0 ? Winner.LOCAL : Winner.REMOTE;
        }
        return Long.compareUnsigned(local.modifiedBy(), remote.modifiedBy()) >= 0 ? Winner.LOCAL : Winner.REMOTE;
    }
}
