package dev.shoal.store.versions;

import dev.shoal.store.fs.AtomicFiles;
import dev.shoal.store.fs.ContainedPaths;
import dev.shoal.store.fs.FolderLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder's versions area ({@code .shoal/versions}): files that a remote change replaced or deleted are moved
 * here, trash-can style, under their relative name with the time appended ({@code dir/report~20261121-093000.pdf}).
 * Moving within the folder's file system is a rename: no copy, no extra disk space until the retention ends.
 */
public final class VersionStore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern VERSIONED = Pattern.compile("^(.*)~(\\d{8}-\\d{6})((?:\\.[^./]*)?)$");

    private final Path root;
    private final Path area;
    private final java.time.InstantSource clock;
    private volatile Versioning policy = Versioning.DEFAULT;

    public VersionStore(Path folderRoot, java.time.InstantSource clock) {
        this.root = folderRoot;
        this.area = FolderLayout.resolve(folderRoot, FolderLayout.VERSIONS_DIR);
        this.clock = clock;
    }

    /** Keeps versions as {@code p} says from now on (the next cleanup applies it to those already kept). */
    public void setPolicy(Versioning p) {
        this.policy = p;
    }

    public Versioning policy() {
        return policy;
    }

    /**
     * Takes {@code name} (relative, '/'-separated) out of the folder as the policy says: into the versions area,
     * deleted, or handed to the user's command; returns where it went (null when it is gone).
     */
    public Path archive(String name) throws IOException {
        return archive(name, "");
    }

    /**
     * As {@link #archive(String)}, noting that the device {@code madeBy} (7-character short ID) made the content
     * kept, so the versions browser can say whose version it is.
     */
    public Path archive(String name, String madeBy) throws IOException {
        return archiveFrom(name, FolderLayout.resolve(root, name), madeBy);
    }

    /**
     * Takes {@code source}, an old content of {@code name} kept elsewhere in the folder (a copy of a file changed
     * on this device), as the policy says: into the versions area as a version of {@code name}, deleted, or
     * handed to the user's command.
     */
    public Path archiveFrom(String name, Path source, String madeBy) throws IOException {
        ContainedPaths.parentsOf(root, source);
        Versioning p = policy;
        switch (p.type()) {
            case NONE -> {
                Files.deleteIfExists(source);
                return null;
            }
            case EXTERNAL -> {
                ExternalVersioning.run(p.command(), source);
                return null;
            }
            default -> {
                Path stored = keep(name, source);
                MadeBy.note(area, area.relativize(stored), madeBy);
                if (p.type() == Versioning.Type.SIMPLE) {
                    VersionCleanup.keepNewest(
                            list().stream().filter(v -> v.name().equals(name)).toList(), p.keep());
                }
                return stored;
            }
        }
    }

    /** Moves {@code source} into the versions area as a version of {@code name}, stamped with the time now. */
    private Path keep(String name, Path source) throws IOException {
        LocalDateTime now =
                LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS);
        Path target = versionPath(name, now);
        for (int n = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
            target = versionPath(name, now.plusSeconds(n)); // two versions within one second
        }
        ContainedPaths.parentsOf(root, target); // the versions area too: no symlink may lead out of the folder
        AtomicFiles.move(source, target);
        return target;
    }

    public List<StoredVersion> list() throws IOException {
        List<StoredVersion> out = new ArrayList<>();
        if (!Files.isDirectory(area, LinkOption.NOFOLLOW_LINKS)) {
            return out; // absent, or a symlink: nothing of Shoal's is listed through it
        }
        java.util.Map<String, String> madeBy = MadeBy.read(area);
        try (Stream<Path> files = Files.walk(area)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = area.relativize(p).toString().replace('\\', '/');
                Matcher m = VERSIONED.matcher(rel);
                if (m.matches()) {
                    out.add(new StoredVersion(
                            m.group(1) + m.group(3),
                            LocalDateTime.parse(m.group(2), STAMP),
                            Files.size(p),
                            p,
                            madeBy.getOrDefault(rel, "")));
                }
            }
        }
        out.sort(Comparator.comparing(StoredVersion::name).thenComparing(StoredVersion::archivedAt));
        return out;
    }

    /** Puts a stored version back under its name; a file now at that name is kept as a version first, not lost. */
    public Path restore(StoredVersion version) throws IOException {
        Path target = FolderLayout.resolve(root, version.name());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            keep(version.name(), target); // whatever the policy: a restore never loses the current file
        }
        ContainedPaths.parentsOf(root, target);
        ContainedPaths.parentsOf(root, version.path());
        AtomicFiles.move(version.path(), target);
        return target;
    }

    /** Applies the policy to the versions kept (trash: age; simple: count; staggered: schedule); how many went. */
    public int cleanup() throws IOException {
        Versioning p = policy;
        int removed =
                switch (p.type()) {
                    case TRASH -> prune(p.retention());
                    case SIMPLE, STAGGERED -> VersionCleanup.apply(list(), p, clock.instant());
                    case NONE, EXTERNAL -> 0;
                };
        if (Files.isDirectory(area, LinkOption.NOFOLLOW_LINKS)) {
            MadeBy.keepOnly(
                    area,
                    list().stream()
                            .map(v -> area.relativize(v.path()).toString().replace('\\', '/'))
                            .collect(java.util.stream.Collectors.toSet()));
        }
        return removed;
    }

    /** Deletes versions archived more than {@code retention} ago; returns how many went. */
    public int prune(java.time.Duration retention) throws IOException {
        LocalDateTime cutoff = LocalDateTime.ofInstant(clock.instant().minus(retention), ZoneId.systemDefault());
        int removed = 0;
        for (StoredVersion v : list()) {
            if (v.archivedAt().isBefore(cutoff)) {
                Files.deleteIfExists(v.path());
                removed++;
            }
        }
        return removed;
    }

    private Path versionPath(String name, LocalDateTime at) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        boolean hasExt = dot > slash + 1;
        String base = hasExt ? name.substring(0, dot) : name;
        String ext = hasExt ? name.substring(dot) : "";
        return FolderLayout.resolve(area, base + "~" + STAMP.format(at) + ext);
    }
}
