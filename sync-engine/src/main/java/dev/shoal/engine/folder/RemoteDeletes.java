package dev.shoal.engine.folder;

import dev.shoal.engine.ignore.IgnoreMatcher;
import dev.shoal.engine.protocol.SafePaths;
import dev.shoal.engine.protocol.UnsafeNameException;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.temp.ExpectedTarget;
import dev.shoal.store.versions.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies a peer's deletion here: only if the entry is still what the local record says, a file into the
 * versions area rather than away, a directory only once empty (one holding nothing but ignored files stays).
 */
final class RemoteDeletes {
    private final Folder folder;
    private final Index index;
    private final VersionStore versions;

    RemoteDeletes(Folder folder, Index index, VersionStore versions) {
        this.folder = folder;
        this.index = index;
        this.versions = versions;
    }

    /** @return false when a directory is kept because it still holds ignored files */
    boolean apply(FileRecord current, FileRecord remote, IgnoreMatcher ignores)
            throws UnsafeNameException, IOException {
        Path target = SafePaths.resolve(folder.path(), remote.name());
        ExpectedTarget.of(current).check(target);
        if (current.type() == FileType.DIRECTORY && !emptyButIgnored(target, ignores)) {
            return false;
        }
        if (current.type() == FileType.FILE && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            versions.archive(remote.name(), dev.shoal.engine.pull.FilePuller.madeBy(current)); // kept, not gone
        } else {
            Files.deleteIfExists(target);
        }
        FileRecord tombstone = new FileRecord(
                remote.name(),
                current.type(),
                0,
                remote.mtimeSeconds(),
                remote.mtimeNanos(),
                current.permissions(),
                true,
                remote.version(),
                0,
                remote.modifiedBy(),
                null,
                null,
                null);
        index.write(w -> w.putLocal(folder, tombstone));
        return true;
    }

    /**
     * Whether a directory can go: true when empty; false (quietly) when all it holds is ignored.
     *
     * @throws IOException when it still holds synced entries (their deletions come first)
     */
    private boolean emptyButIgnored(Path dir, IgnoreMatcher ignores) throws IOException {
        List<Path> inside;
        try (var entries = Files.walk(dir)) {
            inside = entries.filter(p -> !p.equals(dir)).toList();
        }
        if (inside.isEmpty()) {
            return true;
        }
        boolean onlyIgnored = inside.stream()
                .allMatch(p -> ignores.ignored(
                        folder.path().relativize(p).toString().replace('\\', '/'), Files.isDirectory(p)));
        if (onlyIgnored) {
            return false;
        }
        throw new IOException("directory not empty yet");
    }
}
