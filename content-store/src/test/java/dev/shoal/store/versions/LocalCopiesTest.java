package dev.shoal.store.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.scan.Scanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies for versions of local changes, over a real index and scanner. */
class LocalCopiesTest {
    private static final long SELF = 1;

    @TempDir
    Path dir;

    Path root;
    Index index;
    Folder folder;
    Scanner scanner;
    VersionStore versions;
    LocalCopies copies;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(dir.resolve("docs"));
        index = Index.open(dir.resolve("index.db"));
        folder = index.addFolder("docs", root);
        scanner = new Scanner(index, new ChunkHasher(), ForkJoinPool.commonPool(), SELF);
        AtomicLong seconds = new AtomicLong();
        InstantSource clock = () -> Instant.parse("2026-12-07T10:00:00Z").plusSeconds(seconds.addAndGet(10));
        versions = new VersionStore(root, clock);
        copies = new LocalCopies(folder, index, versions, SELF);
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    private void scanAndUpdate() throws IOException {
        scanner.scan(folder);
        copies.update(true);
    }

    private String versionText(int i) throws IOException {
        return Files.readString(versions.list().get(i).path());
    }

    @Test
    void aChangeOrDeletionHereKeepsTheContentBeforeAsAVersion() throws IOException {
        Files.writeString(root.resolve("a.txt"), "first");
        scanAndUpdate();
        assertThat(root.resolve(".shoal/local-copies/a.txt")).hasContent("first");
        assertThat(versions.list()).isEmpty();

        Files.writeString(root.resolve("a.txt"), "second!");
        scanAndUpdate();
        assertThat(versions.list()).hasSize(1);
        assertThat(versionText(0)).isEqualTo("first");
        assertThat(root.resolve(".shoal/local-copies/a.txt")).hasContent("second!");

        Files.delete(root.resolve("a.txt"));
        scanAndUpdate();
        assertThat(versions.list()).hasSize(2);
        assertThat(versionText(1)).isEqualTo("second!");
        assertThat(root.resolve(".shoal/local-copies/a.txt")).doesNotExist();
    }

    @Test
    void aFileReplacedByADirectoryIsVersionedAndLaterFilesStillGetCopies() throws IOException {
        Files.writeString(root.resolve("x"), "a file");
        scanAndUpdate();
        Files.delete(root.resolve("x"));
        Files.createDirectories(root.resolve("x"));
        Files.writeString(root.resolve("x/inside.txt"), "inside");
        scanAndUpdate();
        assertThat(versions.list()).singleElement().satisfies(v -> assertThat(v.name())
                .isEqualTo("x"));
        assertThat(root.resolve(".shoal/local-copies/x/inside.txt")).hasContent("inside");
    }

    @Test
    void switchedOffTheCopiesGoAndSwitchedOnAgainThereIsOneOfEveryFile() throws IOException {
        Files.writeString(root.resolve("a.txt"), "a");
        scanAndUpdate();
        copies.update(false);
        assertThat(root.resolve(".shoal/local-copies")).doesNotExist();
        Files.writeString(root.resolve("b.txt"), "b");
        scanner.scan(folder);
        copies.update(true);
        assertThat(root.resolve(".shoal/local-copies/a.txt")).hasContent("a");
        assertThat(root.resolve(".shoal/local-copies/b.txt")).hasContent("b");
        assertThat(versions.list()).as("switching on versions nothing").isEmpty();
    }
}
