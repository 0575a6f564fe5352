package dev.shoal.store.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionStoreTest {
    @TempDir
    Path root;

    @Test
    void archivesListsAndRestoresWithoutLosingTheCurrentFile() throws IOException {
        Instant t = Instant.parse("2026-11-21T09:30:00Z");
        VersionStore store = new VersionStore(root, InstantSource.fixed(t));
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/report.pdf"), "v1");

        Path archived = store.archive("dir/report.pdf");
        assertThat(archived.toString()).contains(".shoal").endsWith(".pdf");
        assertThat(Files.exists(root.resolve("dir/report.pdf"))).isFalse();

        Files.writeString(root.resolve("dir/report.pdf"), "v2");
        List<StoredVersion> versions = store.list();
        assertThat(versions).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("dir/report.pdf");
            assertThat(v.size()).isEqualTo(2);
        });

        store.restore(versions.getFirst());
        assertThat(Files.readString(root.resolve("dir/report.pdf"))).isEqualTo("v1");
        // v2 was archived on restore, not overwritten.
        assertThat(store.list()).extracting(StoredVersion::name).containsExactly("dir/report.pdf");
        assertThat(Files.readString(store.list().getFirst().path())).isEqualTo("v2");
    }

    @Test
    void eachVersionNamesTheDeviceThatMadeItAndAPlantedLinkLeadsNowhere(@TempDir Path elsewhere) throws IOException {
        VersionStore store = new VersionStore(root, InstantSource.fixed(Instant.parse("2026-11-21T09:30:00Z")));
        Files.writeString(root.resolve("a.txt"), "by beta");
        store.archive("a.txt", "BETA234");
        Files.writeString(root.resolve("b.txt"), "unknown");
        store.archive("b.txt", "not an id");
        assertThat(store.list())
                .extracting(StoredVersion::name, StoredVersion::device)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a.txt", "BETA234"),
                        org.assertj.core.groups.Tuple.tuple("b.txt", ""));

        // A link planted where the notes are kept: the version is still kept, nothing is written through it.
        Path notes = root.resolve(".shoal/versions/" + MadeBy.FILE);
        Files.delete(notes);
        Path outside = elsewhere.resolve("target.txt");
        Files.writeString(outside, "untouched");
        Files.createSymbolicLink(notes, outside);
        Files.writeString(root.resolve("c.txt"), "by gamma");
        store.archive("c.txt", "GAMMA45");
        assertThat(outside).hasContent("untouched");
        assertThat(store.list()).extracting(StoredVersion::name).contains("c.txt");
        assertThat(store.list()).allSatisfy(v -> assertThat(v.device()).isEmpty());
    }

    @Test
    void aCleanupDropsTheNotesOfVersionsItRemoved() throws IOException {
        java.util.concurrent.atomic.AtomicLong minutes = new java.util.concurrent.atomic.AtomicLong();
        InstantSource clock = () -> Instant.parse("2026-11-21T09:30:00Z").plusSeconds(60 * minutes.getAndIncrement());
        VersionStore store = new VersionStore(root, clock);
        store.setPolicy(new Versioning(Versioning.Type.SIMPLE, 1, 0, null));
        for (String device : List.of("AAAAAAA", "BBBBBBB", "CCCCCCC")) {
            Files.writeString(root.resolve("a.txt"), device);
            store.archive("a.txt", device);
        }
        store.cleanup();
        assertThat(store.list()).extracting(StoredVersion::device).containsExactly("CCCCCCC");
        assertThat(Files.readAllLines(root.resolve(".shoal/versions/" + MadeBy.FILE)))
                .singleElement()
                .satisfies(line -> assertThat(line).endsWith("\tCCCCCCC"));
    }

    @Test
    void twoVersionsInOneSecondBothKept() throws IOException {
        VersionStore store = new VersionStore(root, InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
        Files.writeString(root.resolve("notes"), "a");
        store.archive("notes");
        Files.writeString(root.resolve("notes"), "b");
        store.archive("notes");
        assertThat(store.list()).hasSize(2).extracting(StoredVersion::name).containsOnly("notes");
    }

    @Test
    void aSymlinkInTheVersionsAreaIsNeverArchivedThrough(@TempDir Path elsewhere) throws IOException {
        VersionStore store = new VersionStore(root, InstantSource.fixed(Instant.parse("2026-11-21T09:30:00Z")));
        Files.createDirectories(root.resolve(".shoal"));
        Files.createSymbolicLink(root.resolve(".shoal/versions"), elsewhere); // what finding 1 plants
        Files.writeString(root.resolve("a.txt"), "mine");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.archive("a.txt"))
                .isInstanceOf(dev.shoal.store.fs.ContainedPaths.EscapingPathException.class)
                .hasMessageContaining("symlink");
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("mine");
        try (var listing = Files.list(elsewhere)) {
            assertThat(listing).isEmpty();
        }
    }
}
