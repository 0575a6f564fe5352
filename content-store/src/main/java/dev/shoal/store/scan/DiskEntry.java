package dev.shoal.store.scan;

import dev.shoal.store.fs.FileModes;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;

/** What one stat of an entry on disk says, in the index's terms. */
record DiskEntry(
        Path path,
        String name,
        FileType type,
        long size,
        long mtimeSeconds,
        int mtimeNanos,
        int permissions,
        String fileKey) {

    static DiskEntry of(Path path, String name, BasicFileAttributes attrs) {
        FileType type =
                attrs.isSymbolicLink() ? FileType.SYMLINK : attrs.isDirectory() ? FileType.DIRECTORY : FileType.FILE;
        Instant mtime = attrs.lastModifiedTime().toInstant();
        // On Linux and macOS the walk's attributes are already POSIX ones: no second stat for the mode.
        int mode = type != FileType.SYMLINK && attrs instanceof PosixFileAttributes posix
                ? FileModes.toMode(posix.permissions())
                : -1;
        Object key = attrs.fileKey();
        return new DiskEntry(
                path,
                name,
                type,
                type == FileType.FILE ? attrs.size() : 0,
                mtime.getEpochSecond(),
                mtime.getNano(),
                mode,
                key == null ? null : key.toString());
    }

    /** True when the stored record still describes this entry, so its content need not be read again. */
    boolean unchangedSince(FileRecord r) {
        if (r == null || r.deleted() || r.type() != type || r.permissions() != permissions) {
            return false;
        }
        return switch (type) {
            // A directory's mtime changes with its entries, which are records of their own.
            case DIRECTORY -> true;
            case SYMLINK -> r.mtimeSeconds() == mtimeSeconds && r.mtimeNanos() == mtimeNanos;
            case FILE ->
                r.size() == size
                        && r.mtimeSeconds() == mtimeSeconds
                        && r.mtimeNanos() == mtimeNanos
                        && (fileKey == null || fileKey.equals(r.fileKey()));
        };
    }

    /** Same size and modification time: the file did not change between two stats. */
    boolean sameContentStamp(DiskEntry other) {
        return size == other.size && mtimeSeconds == other.mtimeSeconds && mtimeNanos == other.mtimeNanos;
    }
}
