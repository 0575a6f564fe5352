package dev.shoal.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A name from a peer's manifest either is refused with a reason or resolves to a place inside the folder,
 * and writing a file there (as a pull does: parent directories, then the file) leaves everything outside the
 * folder untouched. The folder holds the traps a hostile name would aim at: a symlink to a directory outside,
 * a file where a directory is expected, Shoal's internal directory.
 */
class SafePathsFuzzTest {
    private static final Path BASE = createBase();
    private static final Path ROOT = BASE.resolve("folder");
    private static final Path OUTSIDE = BASE.resolve("outside");
    private static final Set<String> FIXTURES = Set.of("escape", "plain-file", ".shoal");

    private static Path createBase() {
        try {
            Path base = Files.createTempDirectory("safepaths-fuzz").toRealPath();
            Path root = Files.createDirectories(base.resolve("folder"));
            Path outside = Files.createDirectories(base.resolve("outside"));
            Files.createSymbolicLink(root.resolve("escape"), outside);
            Files.writeString(root.resolve("plain-file"), "x");
            Files.createDirectories(root.resolve(".shoal"));
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "40s")
    void namesResolveInsideTheFolderOrAreRefused(String name) throws IOException {
        Path target;
        try {
            target = SafePaths.resolve(ROOT, name);
        } catch (UnsafeNameException refused) {
            assertThat(refused.getMessage()).startsWith("refused file name");
            return;
        }
        assertThat(target.normalize().startsWith(ROOT))
                .as("%s inside the folder", target)
                .isTrue();
        assertThat(target).isNotEqualTo(ROOT);
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, name.getBytes(StandardCharsets.UTF_8));
            // Where the bytes really landed, symlinks followed.
            assertThat(target.toRealPath().startsWith(ROOT))
                    .as("%s lands inside", name)
                    .isTrue();
        } catch (FileSystemException | java.nio.file.InvalidPathException tooLongOrOddForThisDisk) {
            // The disk may still refuse it (name too long for the path limit): an error, not an escape.
        } finally {
            try (Stream<Path> out = Files.list(OUTSIDE)) {
                assertThat(out)
                        .as("nothing written outside the folder for %s", name)
                        .isEmpty();
            }
            clean();
        }
    }

    private static void clean() throws IOException {
        try (Stream<Path> top = Files.list(ROOT)) {
            for (Path p : top.filter(p -> !FIXTURES.contains(p.getFileName().toString()))
                    .toList()) {
                try (Stream<Path> all = Files.walk(p)) {
                    for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            }
        }
    }
}
