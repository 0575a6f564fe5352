package dev.shoal.engine.folder;

import dev.shoal.engine.conflict.ConflictNames;
import dev.shoal.engine.conflict.ConflictRule;
import dev.shoal.engine.protocol.SafePaths;
import dev.shoal.engine.protocol.UnsafeNameException;
import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.pull.FilePuller;
import dev.shoal.engine.pull.PullResult;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.temp.ExpectedTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settles a file changed on this device and on a peer at once. Both devices pick the same winner
 * ({@link ConflictRule}) and keep the loser under the same conflict-copy name, so after one round each has the
 * winner under the file's name and one identical copy beside it, which then syncs like any other file:
 *
 * <ul>
 *   <li>the peer's version wins: this device's file becomes the copy, the peer's version is pulled in;
 *   <li>this device's version wins: the peer's version is pulled into the copy, and this device's record gets a
 *       version that dominates both, so the peer takes it.
 * </ul>
 *
 * An edit against a deletion keeps the edit. Nothing is overwritten or removed that a record does not describe.
 */
final class ConflictResolver {
    private final Folder folder;
    private final Index index;
    private final ChunkReader localChunks;
    private final long self;

    ConflictResolver(Folder folder, Index index, ChunkReader localChunks, long self) {
        this.folder = folder;
        this.index = index;
        this.localChunks = localChunks;
        this.self = self;
    }

    /**
     * @return whether local files or records changed (a rescan then records a new conflict copy)
     * @throws IOException if the local file changed since it was scanned; the next scan settles that first
     */
    boolean resolve(ChunkSource source, Map<String, FileRecord> local, FileRecord current, FileRecord remote)
            throws IOException, InterruptedException, UnsafeNameException {
        Path target = SafePaths.resolve(folder.path(), remote.name());
        ExpectedTarget.of(current).check(target);
        if (ConflictRule.winner(current, remote) == ConflictRule.Winner.REMOTE) {
            if (!current.deleted() && current.type() == FileType.FILE) {
                Path copy = SafePaths.resolve(
                        folder.path(), ConflictNames.of(current.name(), current.mtimeSeconds(), current.modifiedBy()));
                Files.move(target, copy); // fails rather than replace an existing file of that name
            } else if (!current.deleted()) {
                return false; // a directory or link against a file: left for the user, reported as before
            }
            if (remote.deleted()) {
                return true; // cannot happen (an edit beats a deletion), but never delete on a conflict
            }
            if (needsPeer(remote) && source == null) {
                return true; // the copy is made; the winner comes when the peer is back
            }
            PullResult result = new FilePuller(index, localChunks, source).pull(folder, null, remote);
            FileRecord stored = index.write(w -> w.putLocal(folder, result.record()));
            local.put(stored.name(), stored);
            return true;
        }
        if (!remote.deleted() && remote.type() == FileType.FILE && (source != null || !needsPeer(remote))) {
            String copyName = ConflictNames.of(remote.name(), remote.mtimeSeconds(), remote.modifiedBy());
            Path copy = SafePaths.resolve(folder.path(), copyName);
            if (!Files.exists(copy)) {
                new FilePuller(index, localChunks, source).pull(folder, null, remote.withName(copyName));
            }
        }
        // Ours dominates both versions now, so the peer replaces its version with ours.
        FileRecord winner =
                current.withVersion(current.version().merge(remote.version()).bump(self), self);
        FileRecord stored = index.write(w -> w.putLocal(folder, winner));
        local.put(stored.name(), stored);
        return true;
    }

    private static boolean needsPeer(FileRecord r) {
        return r.type() == FileType.FILE && r.size() > 0;
    }
}
