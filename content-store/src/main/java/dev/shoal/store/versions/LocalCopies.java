package dev.shoal.store.versions;

import dev.shoal.store.fs.AtomicFiles;
import dev.shoal.store.fs.ContainedPaths;
import dev.shoal.store.fs.FolderLayout;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Versions of changes made on this device (a folder's {@code localChanges} option). By the time a scan sees a
 * file changed or deleted here, its old content is gone from the folder; so while the option is on, a copy of
 * each file as last indexed is kept in {@code .shoal/local-copies}, and a local change moves that copy into the
 * versions (as the folder's versioning says) before the new content is copied. Changes that came from other
 * devices only refresh the copy: their old content was versioned when it was replaced. Runs on the folder's
 * thread, after each scan and pull pass; what it has handled is remembered by index sequence.
 */
public final class LocalCopies {
    static final String DIR = FolderLayout.INTERNAL_DIR + "/local-copies";
    private static final String SEQUENCE_FILE = ".sequence";
    private static final int BATCH = 1_000;

    private final Path root;
    private final Path area;
    private final Folder folder;
    private final Index index;
    private final VersionStore versions;
    private final long self;

    public LocalCopies(Folder folder, Index index, VersionStore versions, long self) {
        this.root = folder.path();
        this.area = FolderLayout.resolve(root, DIR);
        this.folder = folder;
        this.index = index;
        this.versions = versions;
        this.self = self;
    }

    /** Brings the copies up to the index (with {@code enabled}), or removes them all (without). */
    public void update(boolean enabled) throws IOException {
        if (!enabled) {
            removeAll();
            return;
        }
        long done = handledUpTo();
        if (done < 0) {
            fill();
            return;
        }
        List<String> failed = new java.util.ArrayList<>();
        for (List<FileRecord> batch = index.localSince(folder, done, BATCH);
                !batch.isEmpty();
                batch = index.localSince(folder, done, BATCH)) {
            for (FileRecord r : batch) {
                try {
                    handle(r);
                } catch (IOException e) { // one file's trouble must not hold back the copies of all later ones
                    failed.add(r.name() + ": " + e.getMessage());
                }
                done = r.sequence();
            }
            remember(done);
        }
        if (!failed.isEmpty()) {
            throw new IOException(failed.size() + " files without a copy for versions, e.g. "
                    + String.join("; ", failed.subList(0, Math.min(3, failed.size()))));
        }
    }

    /** Switched on (or the copies were lost): a copy of every file as it is now; local changes count from here. */
    private void fill() throws IOException {
        long upTo = index.maxSequence(folder);
        for (FileRecord r : index.localFiles(folder).values()) {
            if (!r.deleted() && r.type() == FileType.FILE) {
                copyIn(r.name());
            }
        }
        remember(upTo);
    }

    private void handle(FileRecord r) throws IOException {
        Path copy = FolderLayout.resolve(area, r.name());
        // A file's copy also goes when the name becomes a directory or a link.
        if (Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
            if (r.modifiedBy() == self) {
                versions.archiveFrom(r.name(), copy, ""); // changed or deleted here: the old content is a version
            } else {
                Files.delete(copy); // replaced by another device, and versioned then
            }
        }
        if (!r.deleted() && r.type() == FileType.FILE) {
            copyIn(r.name());
        }
    }

    /** Copies the file {@code name} as it is now (never through a link) to its place among the copies. */
    private void copyIn(String name) throws IOException {
        Path source = FolderLayout.resolve(root, name);
        Path copy = FolderLayout.resolve(area, name);
        ContainedPaths.parentsOf(root, copy);
        Path tmp = copy.resolveSibling("." + copy.getFileName() + ".shoal-tmp");
        java.nio.channels.SeekableByteChannel from;
        try {
            from = Files.newByteChannel(source, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (java.nio.file.FileSystemException changedAgain) {
            return; // gone, or a link now, since it was indexed: the next scan brings what is there
        }
        try (InputStream in = Channels.newInputStream(from);
                OutputStream out = Channels.newOutputStream(Files.newByteChannel(
                        tmp,
                        Set.of(
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.WRITE,
                                LinkOption.NOFOLLOW_LINKS)))) {
            in.transferTo(out);
        }
        AtomicFiles.move(tmp, copy);
    }

    private long handledUpTo() throws IOException {
        Path file = area.resolve(SEQUENCE_FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return -1;
        }
        try {
            return Long.parseLong(
                    Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NumberFormatException broken) {
            return -1;
        }
    }

    private void remember(long sequence) throws IOException {
        ContainedPaths.directories(root, area);
        AtomicFiles.write(area.resolve(SEQUENCE_FILE), Long.toString(sequence).getBytes(StandardCharsets.US_ASCII));
    }

    /** Deletes the copies (links are removed, never followed). */
    private void removeAll() throws IOException {
        if (!Files.isDirectory(area, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(area)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
