package dev.shoal.engine.pull;

import dev.shoal.engine.protocol.SafePaths;
import dev.shoal.engine.protocol.UnsafeNameException;
import dev.shoal.store.chunk.Chunk;
import dev.shoal.store.fs.FileModes;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.temp.CorruptChunkException;
import dev.shoal.store.temp.ExpectedTarget;
import dev.shoal.store.temp.PartialDownload;
import dev.shoal.store.versions.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Brings one file, directory or symlink to the version a peer has.
 *
 * <p>A file is assembled in its resumable temp file: chunks any local file already holds are copied from there
 * (the chunk locator), the rest are requested from the peer with several requests in flight, offering the old
 * file's bytes at the same offset so only the changed blocks of a chunk travel. Every chunk is
 * verified before it is written; a corrupt one is requested again, once. The result replaces the local file
 * atomically, and only if the local file is still exactly what the plan saw, so a file the user edited
 * meanwhile is never overwritten.
 */
public final class FilePuller {
    static final int IN_FLIGHT = 16;
    /**
     * A checkpoint fsyncs the temp file, which stalls the pipeline; doing it per 64 MiB or every 2 s bounds what
     * a crash costs (that much is fetched again) without making the disk the bottleneck.
     */
    private static final long CHECKPOINT_BYTES = 64L << 20;

    private static final long CHECKPOINT_NANOS = 2_000_000_000L;
    private static final long FETCH_TIMEOUT_SECONDS = 120;

    private final Index index;
    private final ChunkReader local;
    private final ChunkSource remote;
    private final VersionStore versions;
    private boolean deferDirectorySync;

    public FilePuller(Index index, ChunkReader local, ChunkSource remote) {
        this(index, local, remote, null);
    }

    /** @param versions where a replaced file is kept (null: replaced files are gone) */
    public FilePuller(Index index, ChunkReader local, ChunkSource remote, VersionStore versions) {
        this.index = index;
        this.local = local;
        this.remote = remote;
        this.versions = versions;
    }

    /**
     * Leaves the directory sync after each rename to the caller ({@link PullResult#unsyncedDirectory}), who
     * syncs each directory once for a whole batch of files before recording them: a directory sync per small
     * file was a third of the time pull threads spent in fsync.
     */
    public FilePuller deferringDirectorySync() {
        this.deferDirectorySync = true;
        return this;
    }

    /**
     * Pulls {@code wanted} into {@code folder}, where the local record was {@code current} (null if none).
     *
     * @throws UnsafeNameException if the name could reach outside the folder; nothing is written
     * @throws dev.shoal.store.temp.TargetChangedException if the local file changed since {@code current}
     */
    public PullResult pull(Folder folder, FileRecord current, FileRecord wanted)
            throws UnsafeNameException, IOException, InterruptedException {
        Path target = SafePaths.resolve(folder.path(), wanted.name());
        if (current == null || current.deleted()) {
            refuseOtherSpelling(folder, wanted.name(), target);
        }
        return switch (wanted.type()) {
            case DIRECTORY -> {
                if (Files.isSymbolicLink(target) || (Files.exists(target) && !Files.isDirectory(target))) {
                    throw new dev.shoal.store.temp.TargetChangedException(
                            target + " exists and is not a directory; it is left as it is");
                }
                dev.shoal.store.fs.ContainedPaths.directories(folder.path(), target);
                yield new PullResult(localRecord(wanted, target), 0, 0);
            }
            case SYMLINK -> {
                ExpectedTarget.of(current).check(target);
                dev.shoal.store.fs.ContainedPaths.parentsOf(folder.path(), target);
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(wanted.symlinkTarget()));
                yield new PullResult(localRecord(wanted, target), 0, 0);
            }
            case FILE -> pullFile(folder, current, wanted, target);
        };
    }

    private PullResult pullFile(Folder folder, FileRecord current, FileRecord wanted, Path target)
            throws IOException, InterruptedException {
        long[] reusedFetched; // PartialDownload.open makes and checks the directory (no symlink on the way)
        try (PartialDownload download = PartialDownload.open(index, folder, wanted.name(), wanted.manifest());
                OldBytes old = OldBytes.open(current, target)) {
            local.downloads().add(download); // peers may fetch its written chunks before it is complete
            try {
                reusedFetched = assemble(folder, wanted, download, old);
            } finally {
                local.downloads().remove(download);
            }
            int mode = wanted.permissions();
            download.finish(
                    Instant.ofEpochSecond(wanted.mtimeSeconds(), wanted.mtimeNanos()),
                    mode,
                    ExpectedTarget.of(current),
                    replaced -> {
                        old.close(); // Windows cannot move a file that is open
                        if (versions != null) {
                            versions.archive(wanted.name(), madeBy(current)); // the old content stays restorable
                        }
                    },
                    !deferDirectorySync);
        }
        return new PullResult(
                localRecord(wanted, target),
                reusedFetched[0],
                reusedFetched[1],
                deferDirectorySync ? target.getParent() : null);
    }

    /**
     * Refuses a new name whose place on disk is taken by an entry spelled otherwise ({@code Foo.txt} for
     * {@code foo.txt} on a disk that folds case): writing would put one file's content under the other's
     * name. A temp file a refused download left is removed.
     */
    private void refuseOtherSpelling(Folder folder, String name, Path target) throws IOException, UnsafeNameException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String wantedFile = target.getFileName().toString();
        String onDisk = null;
        try (var entries = Files.list(target.getParent())) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String n = p.getFileName().toString();
                if (n.equals(wantedFile)) {
                    return; // the very name: an unindexed local file, which the usual checks handle
                }
                if (dev.shoal.store.fs.FolderLayout.fold(n).equals(dev.shoal.store.fs.FolderLayout.fold(wantedFile))) {
                    onDisk = n;
                }
            }
        }
        if (onDisk != null) {
            Files.deleteIfExists(dev.shoal.store.fs.FolderLayout.tempFor(folder.path(), name));
            index.deletePartial(folder, name);
            throw new UnsafeNameException(
                    name,
                    "differs from '" + onDisk + "' on this disk only in case or accents, which it cannot keep"
                            + " apart; not synced here");
        }
    }

    /**
     * Fills the missing chunks: copied from local files where they exist, else requested with several in
     * flight. Returns the bytes copied locally and the bytes requested from peers.
     */
    private long[] assemble(Folder folder, FileRecord wanted, PartialDownload download, OldBytes old)
            throws IOException, InterruptedException {
        long reused = 0;
        long fetched = 0;
        Deque<Pending> inFlight = new ArrayDeque<>();
        long sinceCheckpoint = 0;
        long lastCheckpoint = System.nanoTime();
        int n = wanted.manifest().chunks().size();
        // Devices fetching the same new file start at different places, so each soon holds chunks the others
        // lack and they can serve each other; the writes stay two sequential runs.
        int start = n < 2 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextInt(n);
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (download.isDone(i)) {
                continue;
            }
            Chunk chunk = wanted.manifest().chunks().get(i);
            byte[] have = local.read(chunk.hash(), chunk.size()).orElse(null);
            if (have != null) {
                download.writeVerified(i, have); // the reader checked it against this very hash
                reused += chunk.size();
            } else {
                byte[] base = old.read(chunk.offset(), chunk.size());
                inFlight.add(new Pending(i, chunk, remote.fetch(folder.folderId(), wanted.name(), chunk, base)));
                if (inFlight.size() >= IN_FLIGHT) {
                    fetched += complete(folder, wanted, download, inFlight.poll());
                }
            }
            sinceCheckpoint += chunk.size();
            if (sinceCheckpoint >= CHECKPOINT_BYTES || System.nanoTime() - lastCheckpoint >= CHECKPOINT_NANOS) {
                download.checkpoint();
                sinceCheckpoint = 0;
                lastCheckpoint = System.nanoTime();
            }
        }
        while (!inFlight.isEmpty()) {
            fetched += complete(folder, wanted, download, inFlight.poll());
        }
        return new long[] {reused, fetched};
    }

    /** Waits for a requested chunk and writes it; a corrupt answer is requested once more. */
    private long complete(Folder folder, FileRecord wanted, PartialDownload download, Pending p)
            throws IOException, InterruptedException {
        byte[] data = await(p.future(), wanted.name());
        try {
            download.write(p.index(), data);
        } catch (CorruptChunkException first) {
            // Asked again whole: a partial answer may have gone wrong only because the old bytes moved on.
            data = await(remote.fetch(folder.folderId(), wanted.name(), p.chunk(), null), wanted.name());
            download.write(p.index(), data); // a second corrupt answer fails the pull; the temp file stays
        }
        return p.chunk().size();
    }

    private static byte[] await(CompletableFuture<byte[]> future, String name)
            throws IOException, InterruptedException {
        try {
            return future.get(FETCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(
                    "fetching a chunk of " + name + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("fetching a chunk of " + name + " timed out");
        }
    }

    /**
     * The record of what is now on disk: the peer's version and content, with the mode, mtime and inode this
     * disk actually has (a file system may round times or apply a umask), so the next scan sees no change.
     */
    private static FileRecord localRecord(FileRecord wanted, Path target) throws IOException {
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        Class<? extends BasicFileAttributes> type = posix ? PosixFileAttributes.class : BasicFileAttributes.class;
        BasicFileAttributes attrs = Files.readAttributes(target, type, LinkOption.NOFOLLOW_LINKS);
        int mode = wanted.type() != FileType.SYMLINK && attrs instanceof PosixFileAttributes p
                ? FileModes.toMode(p.permissions())
                : -1;
        Object key = attrs.fileKey();
        Instant mtime = attrs.lastModifiedTime().toInstant();
        return new FileRecord(
                wanted.name(),
                wanted.type(),
                wanted.size(),
                mtime.getEpochSecond(),
                mtime.getNano(),
                mode,
                false,
                wanted.version(),
                0,
                wanted.modifiedBy(),
                wanted.manifest(),
                wanted.symlinkTarget(),
                key == null ? null : key.toString());
    }

    private record Pending(int index, Chunk chunk, CompletableFuture<byte[]> future) {}

    /** The short ID of the device that made {@code r}'s content, for the versions browser ("" if unknown). */
    public static String madeBy(FileRecord r) {
        return r == null || r.modifiedBy() == 0 ? "" : dev.shoal.engine.spi.DeviceId.shortString(r.modifiedBy());
    }
}
