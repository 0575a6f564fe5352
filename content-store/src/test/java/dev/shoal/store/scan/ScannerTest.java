package dev.shoal.store.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.fs.FolderLayout;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.Normalizer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
    static final long ME = 0x1111L;

    @TempDir
    Path tmp;

    Path root;
    Index index;
    Folder folder;
    ForkJoinPool pool = new ForkJoinPool(2);
    Scanner scanner;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("folder"));
        index = Index.open(tmp.resolve("index.db"));
        folder = index.addFolder("f", root);
        scanner = new Scanner(index, new ChunkHasher(), pool, ME);
    }

    @AfterEach
    void tearDown() {
        index.close();
        pool.shutdownNow();
    }

    static byte[] random(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    Path write(String name, byte[] data) throws IOException {
        Path p = FolderLayout.resolve(root, name);
        Files.createDirectories(p.getParent());
        return Files.write(p, data);
    }

    Map<String, FileRecord> records() {
        return index.localFiles(folder);
    }

    @Test
    void aPartialScanLooksOnlyAtTheChangedPathsAndWhatIsBelowThem() throws IOException {
        write("a/x.txt", "one".getBytes());
        write("c/z.txt", "doomed".getBytes());
        write("d/w.txt", "untouched".getBytes());
        scanner.scan(folder);
        Map<String, FileRecord> before = records();

        write("a/x.txt", "one, edited".getBytes());
        write("b/new/deeper/y.txt", "brand new".getBytes());
        Files.delete(root.resolve("c/z.txt"));
        write("d/w.txt", "edited but not reported".getBytes());
        ScanResult result = scanner.scan(
                folder, ScanFilter.NONE, java.util.List.of("a/x.txt", "b/new", "b/new/deeper/y.txt", "c/z.txt"));

        Map<String, FileRecord> after = records();
        assertThat(after.get("a/x.txt").version())
                .isNotEqualTo(before.get("a/x.txt").version());
        assertThat(after.get("a").version()).isEqualTo(before.get("a").version()); // a parent, unchanged
        assertThat(after).containsKeys("b", "b/new", "b/new/deeper", "b/new/deeper/y.txt");
        assertThat(after.get("b/new/deeper/y.txt").size()).isEqualTo("brand new".length());
        assertThat(after.get("c/z.txt").deleted()).isTrue();
        assertThat(after.get("c").deleted()).isFalse();
        assertThat(after.get("d/w.txt")).isEqualTo(before.get("d/w.txt")); // not reported, not read
        assertThat(result.deleted()).isEqualTo(1);

        // Names that try to leave the folder are not followed.
        assertThat(scanner.scan(folder, ScanFilter.NONE, java.util.List.of("../folder/a", "a/../../x"))
                        .changed())
                .isZero();
        scanner.scan(folder);
        assertThat(records().get("d/w.txt").size()).isEqualTo("edited but not reported".length());
    }

    @Test
    void outermostPathsDropThoseBelowAnother() {
        assertThat(Scanner.outermost(java.util.List.of("a/b/c", "a-c", "a/b", "x", "a/bc")))
                .containsExactly("a-c", "a/b", "a/bc", "x");
    }

    @Test
    void indexesFilesDirectoriesSymlinksAndEmptyFiles() throws IOException {
        byte[] big = random(1, 3_000_000);
        Files.setPosixFilePermissions(write("docs/big.bin", big), PosixFilePermissions.fromString("rw-r-----"));
        write("docs/empty.txt", new byte[0]);
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("docs/big.bin"));

        ScanResult result = scanner.scan(folder);

        assertThat(result.errors()).isEmpty();
        assertThat(records()).containsOnlyKeys("docs", "docs/big.bin", "docs/empty.txt", "empty-dir", "link");
        FileRecord bigRecord = records().get("docs/big.bin");
        assertThat(bigRecord.manifest()).isEqualTo(new ChunkHasher().hash(big));
        assertThat(bigRecord.permissions()).isEqualTo(0640);
        assertThat(records().get("docs/empty.txt").manifest()).isEqualTo(Manifest.empty(1));
        assertThat(records().get("empty-dir").type()).isEqualTo(FileType.DIRECTORY);
        FileRecord link = records().get("link");
        assertThat(link.type()).isEqualTo(FileType.SYMLINK);
        assertThat(link.symlinkTarget()).isEqualTo("docs/big.bin");
        assertThat(link.manifest()).isNull();
        assertThat(index.maxSequence(folder)).isEqualTo(5);
        assertThat(Files.isDirectory(root.resolve(".shoal"))).isTrue();
    }

    @Test
    void unchangedRescanOnlyStatsAndChangesBumpVersionAndSequence() throws IOException {
        write("a.txt", random(2, 10_000));
        write("b.txt", random(3, 10_000));
        scanner.scan(folder);
        long seq = index.maxSequence(folder);

        ScanResult again = scanner.scan(folder);
        assertThat(again.hashed()).isZero();
        assertThat(again.changed()).isZero();
        assertThat(index.maxSequence(folder)).isEqualTo(seq);

        FileRecord before = records().get("a.txt");
        Path a = write("a.txt", random(4, 12_000));
        Files.setLastModifiedTime(a, FileTime.fromMillis(1_800_000_000_000L));
        ScanResult changed = scanner.scan(folder);

        assertThat(changed.hashed()).isEqualTo(1);
        FileRecord after = records().get("a.txt");
        assertThat(after.size()).isEqualTo(12_000);
        assertThat(after.version().compare(before.version()))
                .isEqualTo(dev.shoal.store.index.VersionVector.Order.GREATER);
        assertThat(after.sequence()).isEqualTo(seq + 1);
    }

    @Test
    void vanishedFilesBecomeDeletionRecords() throws IOException {
        write("keep.txt", random(5, 100));
        write("gone/inner.txt", random(6, 100));
        scanner.scan(folder);

        Files.delete(root.resolve("gone/inner.txt"));
        Files.delete(root.resolve("gone"));
        ScanResult result = scanner.scan(folder);

        assertThat(result.deleted()).isEqualTo(2);
        assertThat(records().get("gone/inner.txt").deleted()).isTrue();
        assertThat(records().get("gone").deleted()).isTrue();
        assertThat(records().get("keep.txt").deleted()).isFalse();
        // A deletion is recorded once, not again at every scan.
        assertThat(scanner.scan(folder).changed()).isZero();
    }

    @Test
    void unreadableDirectoryIsAnErrorNotADeletionOfItsContent() throws IOException {
        write("secret/inner.txt", random(7, 100));
        write("secret/deeper/more.txt", random(8, 100));
        write("open.txt", random(8, 100));
        scanner.scan(folder);
        // Root ignores permission bits (as CI does), so the listing failure is injected at the seam.
        Scanner denied = new Scanner(index, pool, ME, new ChunkHasher()::hash, dir -> {
            if (dir.endsWith("secret")) {
                throw new AccessDeniedException(dir.toString());
            }
            return Files.newDirectoryStream(dir);
        });
        Files.delete(root.resolve("open.txt"));

        ScanResult result = denied.scan(folder);

        assertThat(result.errors()).extracting(ScanError::name).containsExactly("secret");
        assertThat(records().get("secret/inner.txt").deleted()).isFalse();
        assertThat(records().get("secret/deeper/more.txt").deleted()).isFalse();
        assertThat(records().get("open.txt").deleted()).isTrue();
    }

    @Test
    void fileThatCannotBeReadIsAPerFileErrorAndTheScanGoesOn() throws IOException {
        write("ok.txt", random(9, 100));
        write("bad.txt", random(10, 100));
        AtomicInteger calls = new AtomicInteger();
        Scanner failing = new Scanner(index, pool, ME, path -> {
            calls.incrementAndGet();
            if (path.endsWith("bad.txt")) {
                throw new IOException("Input/output error");
            }
            return new ChunkHasher().hash(path);
        });

        ScanResult result = failing.scan(folder);

        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("bad.txt");
            assertThat(e.message()).contains("Input/output error");
        });
        assertThat(records()).containsKey("ok.txt").doesNotContainKey("bad.txt");
    }

    @Test
    void fileChangingWhileHashedIsHashedAgainNotIndexedTorn() throws IOException {
        Path file = write("growing.log", random(11, 50_000));
        AtomicInteger calls = new AtomicInteger();
        Scanner racing = new Scanner(index, pool, ME, path -> {
            Manifest m = new ChunkHasher().hash(path);
            if (calls.getAndIncrement() == 0) {
                // Someone appends while the first hash runs.
                Files.write(path, random(12, 1000), StandardOpenOption.APPEND);
                Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            }
            return m;
        });

        racing.scan(folder);

        assertThat(calls.get()).isEqualTo(2);
        FileRecord r = records().get("growing.log");
        assertThat(r.size()).isEqualTo(51_000);
        assertThat(r.manifest()).isEqualTo(new ChunkHasher().hash(file));
    }

    @Test
    void fileThatNeverSettlesIsAnError() throws IOException {
        write("busy.log", random(13, 1000));
        AtomicInteger n = new AtomicInteger();
        Scanner racing = new Scanner(index, pool, ME, path -> {
            Manifest m = new ChunkHasher().hash(path);
            Files.setLastModifiedTime(path, FileTime.fromMillis(1_000_000_000_000L + n.incrementAndGet() * 1000L));
            return m;
        });
        ScanResult result = racing.scan(folder);
        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("kept changing"));
        assertThat(records()).doesNotContainKey("busy.log");
    }

    @Test
    void namesAreRelativeSlashSeparatedNfcAndCaseCollisionsAreReported() throws IOException {
        String nfd = Normalizer.normalize("café", Normalizer.Form.NFD);
        write("Über/" + nfd + ".txt", random(14, 10));
        write("README", random(15, 10));
        write("readme", random(16, 10));

        ScanResult result = scanner.scan(folder);

        assertThat(records()).containsKey("Über/café.txt");
        assertThat(result.caseCollisions()).containsExactly(java.util.List.of("README", "readme"));
    }

    @Test
    void tempFilesAndTheInternalDirectoryAreNotIndexed() throws IOException {
        write("real.txt", random(17, 10));
        write(".real2.txt.shoal-tmp", random(18, 10));
        write(".shoal/versions/old~20260101-000000.txt", random(19, 10));
        scanner.scan(folder);
        assertThat(records()).containsOnlyKeys("real.txt");
    }

    @Test
    void missingFolderOrMarkerStopsTheScanInsteadOfDeletingEverything() throws IOException {
        write("precious.txt", random(20, 10));
        scanner.scan(folder);

        Files.delete(root.resolve(".shoal"));
        Files.delete(root.resolve("precious.txt"));
        assertThatThrownBy(() -> scanner.scan(folder))
                .isInstanceOf(FolderMissingException.class)
                .hasMessageContaining("mount");
        Files.delete(root);
        assertThatThrownBy(() -> scanner.scan(folder)).isInstanceOf(FolderMissingException.class);
        assertThat(records().get("precious.txt").deleted()).isFalse();
    }
}
