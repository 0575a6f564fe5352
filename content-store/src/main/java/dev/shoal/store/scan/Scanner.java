package dev.shoal.store.scan;

import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.fs.FolderLayout;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.index.VersionVector;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Brings a folder's local records in line with the disk.
 *
 * <p>Walks the tree on the calling thread without following symlinks; entries whose size, mtime, mode and file
 * key match their record are skipped after a stat, so an unchanged rescan reads no file content. Changed files
 * are hashed on a fork-join pool (all cores; a large file's chunks are hashed in parallel too), and records are
 * committed in batches. Entries that vanished become deletion records, except below a directory that could not
 * be read: an unreadable directory is an error, not a deletion.
 */
public final class Scanner {
    private final Index index;
    private final ForkJoinPool pool;
    private final long localDevice;
    private final ContentHasher hasher;
    private final Lister lister;

    /** Reads a file's content into a manifest (a seam for tests that race or fail the read). */
    @FunctionalInterface
    interface ContentHasher {
        Manifest hash(Path file) throws IOException;
    }

    /** Opens a directory listing (a seam for tests: root can list any directory). */
    @FunctionalInterface
    interface Lister {
        DirectoryStream<Path> open(Path dir) throws IOException;
    }

    /**
     * @param localDevice short id of this device, stamped into the version vectors of local changes
     */
    public Scanner(Index index, ChunkHasher hasher, ForkJoinPool pool, long localDevice) {
        this(index, pool, localDevice, hasher::hash);
    }

    Scanner(Index index, ForkJoinPool pool, long localDevice, ContentHasher hasher) {
        this(index, pool, localDevice, hasher, Files::newDirectoryStream);
    }

    Scanner(Index index, ForkJoinPool pool, long localDevice, ContentHasher hasher, Lister lister) {
        this.index = index;
        this.pool = pool;
        this.localDevice = localDevice;
        this.hasher = hasher;
        this.lister = lister;
    }

    public ScanResult scan(Folder folder) throws IOException {
        return scan(folder, ScanFilter.NONE);
    }

    /** Scans {@code folder}, leaving what {@code filter} excludes untouched (neither indexed nor deleted). */
    public ScanResult scan(Folder folder, ScanFilter filter) throws IOException {
        long start = System.nanoTime();
        Path root = folder.path();
        Map<String, FileRecord> known = index.localFiles(folder);
        checkFolderPresent(root, known);

        BatchCommitter committer = new BatchCommitter(index, folder);
        HashQueue hashing = new HashQueue(pool, hasher, committer);
        ScanWalk walk = new ScanWalk(this, lister, root, known, committer, hashing, filter);
        walk.run();
        hashing.awaitAll();
        return finish(folder, filter, start, known.values(), committer, hashing, walk);
    }

    /** The paths without those below another one of them, which a walk from that one covers. */
    static List<String> outermost(Collection<String> paths) {
        List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(paths));
        List<String> out = new ArrayList<>();
        for (String p : sorted) {
            // Sorted, a path's ancestors come before it, though not always right before ("a/b" < "a-c" < "a/b/c").
            if (out.stream().noneMatch(q -> p.startsWith(q + "/"))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Records what vanished among {@code candidates} as deleted and sums the scan up. */
    private ScanResult finish(
            Folder folder,
            ScanFilter filter,
            long start,
            Collection<FileRecord> candidates,
            BatchCommitter committer,
            HashQueue hashing,
            ScanWalk walk) {
        int deleted = 0;
        for (FileRecord r : candidates) {
            if (!r.deleted()
                    && !walk.seen.contains(r.name())
                    && !walk.underUnreadable(r.name())
                    && !filter.ignored(r.name(), r.type() == dev.shoal.store.index.FileType.DIRECTORY)) {
                committer.add(r.deletedBy(localDevice));
                deleted++;
            }
        }
        committer.flush();

        List<ScanError> errors = new ArrayList<>(walk.errors);
        errors.addAll(hashing.errors());
        return new ScanResult(
                walk.seen.size(),
                hashing.hashed(),
                hashing.bytesHashed(),
                committer.written(),
                deleted,
                List.copyOf(errors),
                walk.collisions(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Scans only {@code paths} (relative names as the file system spells them) and what lies below them, as a
     * watcher reports changes: entries elsewhere in the folder are neither read nor taken for deleted. Their
     * parent directories are looked at too, so a new directory gets its record with its first file. Falls back
     * to a full scan when a path is the folder itself or the folder's marker is missing.
     */
    public ScanResult scan(Folder folder, ScanFilter filter, Collection<String> paths) throws IOException {
        Path root = folder.path();
        if (paths.isEmpty()
                || paths.contains("")
                || !Files.isDirectory(root.resolve(FolderLayout.INTERNAL_DIR), LinkOption.NOFOLLOW_LINKS)) {
            return scan(folder, filter);
        }
        long start = System.nanoTime();
        List<String> roots = outermost(paths);
        Map<String, FileRecord> under = new HashMap<>();
        Map<String, FileRecord> known = new HashMap<>();
        for (String raw : roots) {
            String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
            under.putAll(index.localFilesUnder(folder, name));
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                index.localFile(folder, name.substring(0, slash)).ifPresent(r -> known.put(r.name(), r));
            }
        }
        known.putAll(under);
        BatchCommitter committer = new BatchCommitter(index, folder);
        HashQueue hashing = new HashQueue(pool, hasher, committer);
        ScanWalk walk = new ScanWalk(this, lister, root, known, committer, hashing, filter);
        for (String raw : roots) {
            walk.runFrom(raw);
        }
        hashing.awaitAll();
        return finish(folder, filter, start, under.values(), committer, hashing, walk);
    }

    /** Builds the record for an entry whose content (if a file) is described by {@code manifest}. */
    FileRecord record(DiskEntry e, FileRecord old, Manifest manifest, String symlinkTarget) {
        boolean same = old != null
                && !old.deleted()
                && old.type() == e.type()
                && old.permissions() == e.permissions()
                && (e.type() == FileType.DIRECTORY
                        || (old.mtimeSeconds() == e.mtimeSeconds() && old.mtimeNanos() == e.mtimeNanos()))
                && java.util.Objects.equals(old.manifest(), manifest)
                && java.util.Objects.equals(old.symlinkTarget(), symlinkTarget);
        VersionVector base = old == null ? VersionVector.EMPTY : old.version();
        // Only a change a user could see makes a new version; a new inode alone just refreshes the record.
        VersionVector version = same ? base : base.bump(localDevice);
        long modifiedBy = same ? old.modifiedBy() : localDevice;
        return new FileRecord(
                e.name(),
                e.type(),
                e.size(),
                e.mtimeSeconds(),
                e.mtimeNanos(),
                e.permissions(),
                false,
                version,
                0,
                modifiedBy,
                manifest,
                symlinkTarget,
                e.fileKey());
    }

    private static void checkFolderPresent(Path root, Map<String, FileRecord> known) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new FolderMissingException("The folder " + root + " does not exist or is not a directory."
                    + " Restore or remount it, or remove the folder from Shoal.");
        }
        Path marker = root.resolve(FolderLayout.INTERNAL_DIR);
        if (!Files.isDirectory(marker, LinkOption.NOFOLLOW_LINKS)) {
            boolean hadFiles = known.values().stream().anyMatch(r -> !r.deleted());
            if (hadFiles) {
                throw new FolderMissingException("The folder " + root + " has lost its " + FolderLayout.INTERNAL_DIR
                        + " marker, so it may be an empty mount point. Shoal will not treat its files as deleted."
                        + " Remount the drive, or recreate the " + FolderLayout.INTERNAL_DIR + " directory if the"
                        + " folder really is this one.");
            }
            Files.createDirectories(marker);
        }
    }
}
