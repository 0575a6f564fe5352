package dev.shoal.store.scan;

import dev.shoal.store.fs.FolderLayout;
import dev.shoal.store.index.FileRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The directory walk: one stat per entry (POSIX attributes where the OS has them, so the mode comes with
 * size and mtime), changed files queued for hashing, and a note of everything seen.
 */
final class ScanWalk {
    private final Scanner scanner;
    private final Scanner.Lister lister;
    private final Path root;
    private final Map<String, FileRecord> known;
    private final BatchCommitter committer;
    private final HashQueue hashing;
    private final Class<? extends BasicFileAttributes> attributeType;
    final Set<String> seen = new HashSet<>();
    final List<ScanError> errors = new ArrayList<>();
    private final List<String> unreadableDirs = new ArrayList<>();
    private final Map<String, String> byLowerCase = new HashMap<>();
    private final Map<String, Set<String>> collisions = new HashMap<>();

    private final ScanFilter filter;

    ScanWalk(
            Scanner scanner,
            Scanner.Lister lister,
            Path root,
            Map<String, FileRecord> known,
            BatchCommitter committer,
            HashQueue hashing,
            ScanFilter filter) {
        this.scanner = scanner;
        this.lister = lister;
        this.filter = filter;
        this.root = root;
        this.known = known;
        this.committer = committer;
        this.hashing = hashing;
        this.attributeType = root.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? PosixFileAttributes.class
                : BasicFileAttributes.class;
    }

    void run() throws IOException {
        Deque<Path> dirs = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        dirs.push(root);
        names.push("");
        while (!dirs.isEmpty()) {
            listDirectory(dirs.pop(), names.pop(), dirs, names);
        }
    }

    /** Visits {@code raw}'s parent directories, then it, then (a directory) everything below it. */
    void runFrom(String raw) throws IOException {
        String[] parts = raw.split("/");
        Path path = root;
        String name = "";
        for (int i = 0; i < parts.length; i++) {
            path = path.resolve(parts[i]);
            name = Normalizer.normalize(name.isEmpty() ? parts[i] : name + "/" + parts[i], Normalizer.Form.NFC);
            if (parts[i].isEmpty()
                    || parts[i].equals(".")
                    || parts[i].equals("..")
                    || FolderLayout.isInternal(name)
                    || FolderLayout.isTemp(parts[i])) {
                return;
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, attributeType, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                return; // gone: its records (if any) are found missing
            } catch (IOException e) {
                errors.add(new ScanError(name, "cannot read its attributes: " + e.getMessage()));
                seen.add(name);
                unreadableDirs.add(name + "/");
                return;
            }
            if (filter.ignored(name, attrs.isDirectory())) {
                return;
            }
            if (attrs.isOther()) {
                errors.add(new ScanError(name, "not a regular file, directory or symlink; not synced"));
                return;
            }
            if (!seen.contains(name)) {
                visit(path, name, attrs);
            }
            if (!attrs.isDirectory()) {
                return; // a file, or a symlink (never followed)
            }
        }
        Deque<Path> dirs = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        dirs.push(path);
        names.push(name);
        while (!dirs.isEmpty()) {
            listDirectory(dirs.pop(), names.pop(), dirs, names);
        }
    }

    private void listDirectory(Path dir, String prefix, Deque<Path> dirs, Deque<String> names) throws IOException {
        try (DirectoryStream<Path> entries = lister.open(dir)) {
            for (Path path : entries) {
                String fileName = path.getFileName().toString();
                String name = Normalizer.normalize(
                        prefix.isEmpty() ? fileName : prefix + "/" + fileName, Normalizer.Form.NFC);
                if (FolderLayout.isInternal(name) || FolderLayout.isTemp(fileName)) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(path, attributeType, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue; // deleted while we walked: the next scan records the deletion
                } catch (IOException e) {
                    errors.add(new ScanError(name, "cannot read its attributes: " + e.getMessage()));
                    seen.add(name);
                    unreadableDirs.add(name + "/");
                    continue;
                }
                if (filter.ignored(name, attrs.isDirectory())) {
                    continue; // not indexed, not descended into, and not taken for deleted
                }
                if (attrs.isOther()) {
                    errors.add(new ScanError(name, "not a regular file, directory or symlink; not synced"));
                    continue;
                }
                visit(path, name, attrs);
                if (attrs.isDirectory()) {
                    dirs.push(path);
                    names.push(name);
                }
            }
        } catch (NoSuchFileException gone) {
            if (dir.equals(root)) {
                throw gone;
            }
        } catch (IOException e) {
            // Keep everything below as indexed: we cannot tell whether it still exists.
            errors.add(new ScanError(prefix, "cannot list the directory: " + e.getMessage()));
            unreadableDirs.add(prefix.isEmpty() ? "" : prefix + "/");
        }
    }

    private void visit(Path path, String name, BasicFileAttributes attrs) throws IOException {
        seen.add(name);
        noteCase(name);
        DiskEntry entry = DiskEntry.of(path, name, attrs);
        FileRecord old = known.get(name);
        if (entry.unchangedSince(old)) {
            return;
        }
        switch (entry.type()) {
            case FILE -> hashing.submit(entry, old, scanner);
            case DIRECTORY -> committer.add(scanner.record(entry, old, null, null));
            case SYMLINK ->
                committer.add(scanner.record(
                        entry,
                        old,
                        null,
                        Files.readSymbolicLink(path).toString().replace('\\', '/')));
        }
    }

    boolean underUnreadable(String name) {
        for (String prefix : unreadableDirs) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private void noteCase(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String first = byLowerCase.putIfAbsent(lower, name);
        if (first != null && !first.equals(name)) {
            Set<String> group = collisions.computeIfAbsent(lower, k -> new java.util.TreeSet<>());
            group.add(first);
            group.add(name);
        }
    }

    List<List<String>> collisions() {
        List<List<String>> out = new ArrayList<>();
        for (Set<String> g : collisions.values()) {
            out.add(List.copyOf(g));
        }
        return Collections.unmodifiableList(out);
    }
}
