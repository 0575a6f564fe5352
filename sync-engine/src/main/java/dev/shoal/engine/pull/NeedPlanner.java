package dev.shoal.engine.pull;

import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.VersionVector.Order;

/**
 * Decides what a remote record means for the local copy. The remote version must be strictly newer than
 * ours to be pulled; concurrent versions are a conflict (resolved by the conflict rules, not by a blind
 * overwrite); equal or older versions need nothing.
 */
public final class NeedPlanner {
    private NeedPlanner() {}

    public enum Action {
        /** Nothing to do: we have this version or a newer one. */
        NONE,
        /** Fetch the file's content (or create the directory / symlink). */
        PULL,
        /** Remove the local entry: the remote deleted a version we have. */
        DELETE,
        /** Both sides changed the entry independently. */
        CONFLICT,
        /**
         * The peer's record is newer or concurrent but describes exactly what is here (same content, type and
         * mode): the local record takes the merged version and the file is left alone. Devices whose versions
         * diverged without their files doing so (an index rebuilt by {@code shoal repair}, the same file copied
         * onto both) converge this way without a download, a rewrite or a later false conflict.
         */
        ADOPT
    }

    public static Action plan(FileRecord local, FileRecord remote) {
        if (local == null) {
            // Nothing here: a remote deletion of something we never had needs no work.
            return remote.deleted() ? Action.NONE : Action.PULL;
        }
        Order order = remote.version().compare(local.version());
        return switch (order) {
            case EQUAL, LESSER -> Action.NONE;
            case GREATER -> {
                if (remote.deleted()) {
                    yield local.deleted() ? Action.NONE : Action.DELETE;
                }
                yield sameEntry(local, remote) ? Action.ADOPT : Action.PULL;
            }
            case CONCURRENT -> {
                if (remote.deleted() && local.deleted()) {
                    yield Action.NONE;
                }
                // The same content reached independently (e.g. copied onto both devices) is no conflict.
                yield sameContent(local, remote) ? Action.ADOPT : Action.CONFLICT;
            }
        };
    }

    /** Same content and nothing else a pull would change: mode and modification time too. */
    private static boolean sameEntry(FileRecord a, FileRecord b) {
        return !a.deleted()
                && sameContent(a, b)
                && a.permissions() == b.permissions()
                && a.mtimeSeconds() == b.mtimeSeconds()
                && a.mtimeNanos() == b.mtimeNanos();
    }

    private static boolean sameContent(FileRecord a, FileRecord b) {
        return a.deleted() == b.deleted()
                && a.type() == b.type()
                && java.util.Objects.equals(a.manifest(), b.manifest())
                && java.util.Objects.equals(a.symlinkTarget(), b.symlinkTarget());
    }
}
