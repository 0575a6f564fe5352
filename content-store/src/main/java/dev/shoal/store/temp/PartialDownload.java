package dev.shoal.store.temp;

import dev.shoal.store.chunk.Chunk;
import dev.shoal.store.chunk.Hash;
import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.fs.AtomicFiles;
import dev.shoal.store.fs.ContainedPaths;
import dev.shoal.store.fs.FileModes;
import dev.shoal.store.fs.FolderLayout;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A file being assembled from chunks in a hidden temp file beside its target.
 *
 * <p>Every chunk is verified against its hash before it is written. {@link #checkpoint} syncs the temp file
 * and then records which chunks are done, in that order, so after a crash the recorded chunks are on disk; on
 * reopening they are verified once more and only the rest is fetched. {@link #finish} renames the complete
 * file over its target only if the target is still as expected: a half-written file never appears under the
 * final name, and a file the user changed meanwhile is never overwritten.
 */
public final class PartialDownload implements AutoCloseable {
    private final Index index;
    private final Folder folder;
    private final String name;
    private final Manifest manifest;
    private final Path temp;
    private final FileChannel channel;
    private final BitSet done;
    private int sinceCheckpoint;
    /** Chunk number by hash, built when a peer first asks for one of this download's chunks. */
    private Map<Hash, Integer> byHash;
    /** Whether the index holds a partials row for this download (resumed, or checkpointed at least once). */
    private boolean recorded;

    private PartialDownload(
            Index index, Folder folder, String name, Manifest manifest, Path temp, FileChannel ch, BitSet done) {
        this.index = index;
        this.folder = folder;
        this.name = name;
        this.manifest = manifest;
        this.temp = temp;
        this.channel = ch;
        this.done = done;
    }

    /** Opens the download of {@code manifest} into {@code name}, resuming a previous one of the same content. */
    public static PartialDownload open(Index index, Folder folder, String name, Manifest manifest) throws IOException {
        Path temp = FolderLayout.tempFor(folder.path(), name);
        ContainedPaths.parentsOf(folder.path(), temp);
        var prior = index.partial(folder, name, manifest.fileHash());
        BitSet done = prior.orElseGet(BitSet::new);
        if (done.isEmpty() || !Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) {
            done.clear();
            Files.deleteIfExists(temp); // a symlink planted under the temp name goes; its target is untouched
        }
        // O_NOFOLLOW: should a symlink appear under the temp name after all, opening fails instead of writing
        // through it.
        FileChannel ch = FileChannel.open(
                temp,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            if (ch.size() != manifest.size()) {
                ch.truncate(manifest.size());
                if (ch.size() < manifest.size()) {
                    ch.write(ByteBuffer.allocate(1), manifest.size() - 1); // sparse: no data written ahead
                }
            }
            PartialDownload d = new PartialDownload(index, folder, name, manifest, temp, ch, done);
            d.recorded = prior.isPresent();
            d.reverifyDone();
            return d;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path tempPath() {
        return temp;
    }

    public Manifest manifest() {
        return manifest;
    }

    public synchronized boolean isDone(int chunk) {
        return done.get(chunk);
    }

    public synchronized int doneCount() {
        return done.cardinality();
    }

    /** The chunks written so far (a copy), for telling peers what they may fetch from here. */
    public synchronized BitSet doneChunks() {
        return (BitSet) done.clone();
    }

    public Folder folder() {
        return folder;
    }

    public String name() {
        return name;
    }

    /**
     * A chunk of this download that is already written, read back and checked against its hash; empty when no
     * written chunk has that hash (or the temp file is gone), so peers can be served from a file still arriving.
     */
    public Optional<byte[]> readWritten(Hash hash, int size) {
        Integer i = chunkIndex().get(hash);
        if (i == null || !isDone(i) || manifest.chunks().get(i).size() != size) {
            return Optional.empty();
        }
        Chunk chunk = manifest.chunks().get(i);
        ByteBuffer buf = ByteBuffer.allocate(size);
        try {
            while (buf.hasRemaining()) {
                if (channel.read(buf, chunk.offset() + buf.position()) < 0) {
                    return Optional.empty();
                }
            }
        } catch (IOException e) {
            return Optional.empty(); // closed by finish or abandon meanwhile: the final file has it now
        }
        return hash.matches(buf.array(), 0, size) ? Optional.of(buf.array()) : Optional.empty();
    }

    private synchronized Map<Hash, Integer> chunkIndex() {
        if (byHash == null) {
            byHash = new HashMap<>();
            for (int i = 0; i < manifest.chunks().size(); i++) {
                byHash.putIfAbsent(manifest.chunks().get(i).hash(), i);
            }
        }
        return byHash;
    }

    public synchronized long doneBytes() {
        long sum = 0;
        for (int i = done.nextSetBit(0); i >= 0; i = done.nextSetBit(i + 1)) {
            sum += manifest.chunks().get(i).size();
        }
        return sum;
    }

    public synchronized boolean isComplete() {
        return done.cardinality() == manifest.chunks().size();
    }

    /** Writes chunk {@code i} after checking {@code data} against its hash. */
    public void write(int i, byte[] data) throws IOException {
        Chunk chunk = manifest.chunks().get(i);
        if (data.length != chunk.size() || !chunk.hash().matches(data, 0, data.length)) {
            throw new CorruptChunkException("chunk " + i + " of " + name + " does not match its hash; discarded");
        }
        writeVerified(i, data);
    }

    /**
     * Writes chunk {@code i} whose bytes the caller has just checked against this same hash (the chunk reader
     * verifies what it reads), sparing a second SHA-256 pass over every reused chunk.
     */
    public void writeVerified(int i, byte[] data) throws IOException {
        Chunk chunk = manifest.chunks().get(i);
        if (data.length != chunk.size()) {
            throw new CorruptChunkException("chunk " + i + " of " + name + " has the wrong size; discarded");
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
            channel.write(buf, chunk.offset() + buf.position());
        }
        synchronized (this) {
            done.set(i);
            sinceCheckpoint++;
        }
    }

    /** Makes the chunks written so far durable and records them as done. */
    public void checkpoint() throws IOException {
        if (sinceCheckpoint == 0) {
            return;
        }
        channel.force(false);
        index.savePartial(folder, name, manifest.fileHash(), doneChunks());
        recorded = true;
        sinceCheckpoint = 0;
    }

    /**
     * Moves the complete file to its final name with the given mtime and mode (-1: leave the default).
     *
     * @throws TargetChangedException if the target no longer matches {@code expected}; the temp file is kept
     */
    public Path finish(Instant mtime, int permissions, ExpectedTarget expected) throws IOException {
        return finish(mtime, permissions, expected, old -> {});
    }

    /** What to do with the file about to be replaced (e.g. keep it as a version); it must move it away or leave it. */
    @FunctionalInterface
    public interface Replaced {
        void before(Path old) throws IOException;
    }

    /**
     * As {@link #finish(Instant, int, ExpectedTarget)}, handing the file being replaced to {@code replaced} after
     * it passed the check and just before the new one takes its name.
     */
    public Path finish(Instant mtime, int permissions, ExpectedTarget expected, Replaced replaced) throws IOException {
        return finish(mtime, permissions, expected, replaced, true);
    }

    /**
     * As {@link #finish(Instant, int, ExpectedTarget, Replaced)}; without {@code syncDirectory} the rename is not
     * made durable here, and the caller must {@link dev.shoal.store.fs.AtomicFiles#fsyncDirectory} the target's
     * directory before it records the file as done (one sync per directory for a batch of small files).
     */
    public Path finish(
            Instant mtime, int permissions, ExpectedTarget expected, Replaced replaced, boolean syncDirectory)
            throws IOException {
        if (!isComplete()) {
            throw new IllegalStateException(
                    name + " has " + (manifest.chunks().size() - doneCount()) + " chunks missing");
        }
        // No checkpoint: a download finished in one go (every small file) needs neither a partials row nor a
        // second sync, just its data durable before the rename.
        channel.force(true);
        channel.close();
        if (!Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileSystemException(
                    temp + " is no longer a regular file; nothing is set through it");
        }
        if (permissions >= 0
                && temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(FileModes.toPermissions(permissions));
        }
        Files.getFileAttributeView(temp, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(mtime), null, null);
        Path target = FolderLayout.resolve(folder.path(), name);
        ContainedPaths.parentsOf(folder.path(), target);
        expected.check(target);
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            replaced.before(target);
        }
        AtomicFiles.move(temp, target);
        if (syncDirectory) {
            AtomicFiles.fsyncDirectory(target.getParent());
        }
        if (recorded) {
            index.deletePartial(folder, name);
        }
        return target;
    }

    /** Gives up: deletes the temp file and its record. */
    public void abandon() throws IOException {
        channel.close();
        Files.deleteIfExists(temp);
        index.deletePartial(folder, name);
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            checkpoint();
            channel.close();
        }
    }

    /** Chunks recorded as done are read back and checked, so a torn write before a crash is fetched again. */
    private void reverifyDone() throws IOException {
        boolean changed = false;
        for (int i = done.nextSetBit(0); i >= 0; i = done.nextSetBit(i + 1)) {
            if (i >= manifest.chunks().size()
                    || !onDiskMatches(manifest.chunks().get(i))) {
                done.clear(i);
                changed = true;
            }
        }
        if (changed) {
            index.savePartial(folder, name, manifest.fileHash(), done);
        }
    }

    private boolean onDiskMatches(Chunk chunk) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(chunk.size());
        while (buf.hasRemaining()) {
            if (channel.read(buf, chunk.offset() + buf.position()) < 0) {
                return false;
            }
        }
        return chunk.hash().matches(buf.array(), 0, chunk.size());
    }
}
