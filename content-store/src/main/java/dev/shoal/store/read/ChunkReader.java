package dev.shoal.store.read;

import dev.shoal.store.chunk.Hash;
import dev.shoal.store.fs.FolderLayout;
import dev.shoal.store.index.ChunkLocation;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.temp.ActiveDownloads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads chunks by hash from the live files the chunk locator points at (the store keeps no second copy), and
 * from the written parts of downloads still in progress.
 *
 * <p>A file that changed since it was scanned is not trusted: its location is skipped and the folder is
 * reported for a rescan. Every chunk is checked against its hash before it is returned, so a caller never
 * gets wrong bytes, only a miss.
 */
public final class ChunkReader {
    private final Index index;
    private final Consumer<Folder> rescanNeeded;
    private final ActiveDownloads downloads = new ActiveDownloads();

    /** @param rescanNeeded told about folders whose files changed since their last scan */
    public ChunkReader(Index index, Consumer<Folder> rescanNeeded) {
        this.index = index;
        this.rescanNeeded = rescanNeeded;
    }

    /** Downloads in progress: their written chunks are read too, after the live files. */
    public ActiveDownloads downloads() {
        return downloads;
    }

    /** The chunk from any folder, or empty when no live file holds it any more. */
    public Optional<byte[]> read(Hash hash, int size) {
        return read(null, hash, size);
    }

    /**
     * The chunk from files of {@code only} (all folders when null), so a peer is served only from folders it
     * shares with us.
     */
    public Optional<byte[]> read(Folder only, Hash hash, int size) {
        return read(only, hash, size, true);
    }

    /**
     * The chunk for a peer that asked for it, from files of {@code only}: as {@link #read(Folder, Hash, int)},
     * except that bytes read from live files are not hashed here. The requester checks every chunk against
     * this same hash before it uses it, and hashing each served chunk twice took half the sender's CPU on a
     * large file. A file whose size or mtime moved since its scan is still skipped and rescanned. What is left,
     * bytes rewritten in place within the clock's resolution, reaches the requester as a chunk that fails its
     * hash check: it is discarded, asked for once more, and the file is reported as failed; nothing wrong is
     * written.
     */
    public Optional<byte[]> readForPeer(Folder only, Hash hash, int size) {
        return read(only, hash, size, false);
    }

    /**
     * As {@link #readForPeer(Folder, Hash, int)}, into {@code into} from {@code offset}, so a chunk can be read
     * straight into the message that carries it.
     *
     * @return whether the chunk was found and read; when not, {@code into} may hold part of a stale read
     */
    public boolean readForPeer(Folder only, Hash hash, int size, byte[] into, int offset) {
        for (ChunkLocation loc : index.locate(hash)) {
            if ((only == null || loc.folder().key() == only.key()) && readAt(loc, hash, size, false, into, offset)) {
                return true;
            }
        }
        Optional<byte[]> written = downloads.read(only, hash, size);
        written.ifPresent(data -> System.arraycopy(data, 0, into, offset, size));
        return written.isPresent();
    }

    private Optional<byte[]> read(Folder only, Hash hash, int size, boolean verify) {
        byte[] data = null; // allocated only once a file may hold the chunk: local lookups often find none
        for (ChunkLocation loc : index.locate(hash)) {
            if (only != null && loc.folder().key() != only.key()) {
                continue;
            }
            data = data == null ? new byte[size] : data;
            if (readAt(loc, hash, size, verify, data, 0)) {
                return Optional.of(data);
            }
        }
        return downloads.read(only, hash, size);
    }

    private boolean readAt(ChunkLocation loc, Hash hash, int size, boolean verify, byte[] into, int offset) {
        FileRecord record = loc.file();
        if (loc.offset() + size > record.size()) {
            return false; // a prefix collision with a chunk of another size
        }
        Path path = FolderLayout.resolve(loc.folder().path(), record.name());
        try {
            BasicFileAttributes attrs =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Instant mtime = attrs.lastModifiedTime().toInstant();
            if (!attrs.isRegularFile()
                    || attrs.size() != record.size()
                    || mtime.getEpochSecond() != record.mtimeSeconds()
                    || mtime.getNano() != record.mtimeNanos()) {
                rescanNeeded.accept(loc.folder());
                return false;
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.wrap(into, offset, size);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, loc.offset() + buf.position() - offset) < 0) {
                        rescanNeeded.accept(loc.folder());
                        return false;
                    }
                }
            }
            if (verify && !hash.matches(into, offset, size)) {
                // Same size and mtime but other bytes: rewritten in place within the clock's resolution.
                rescanNeeded.accept(loc.folder());
                return false;
            }
            return true;
        } catch (IOException e) {
            rescanNeeded.accept(loc.folder());
            return false;
        }
    }
}
