package dev.shoal.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..",
                "../x",
                "a/../../x",
                "a/..",
                "./a",
                "a/./b",
                "/etc/passwd",
                "//server/share",
                "C:/Windows",
                "c:evil",
                "a\\..\\b",
                "a//b",
                "a/",
                "",
                ".shoal",
                ".shoal/versions/x~20260101-000000.txt",
                "dir/.file.shoal-tmp"
            })
    void hostileNamesAreRefused(String name) {
        assertThatThrownBy(() -> SafePaths.validate(name)).isInstanceOf(UnsafeNameException.class);
    }

    @Test
    void nulNonNfcAndOverlongNamesAreRefused() {
        assertThatThrownBy(() -> SafePaths.validate("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> SafePaths.validate(Normalizer.normalize("café", Normalizer.Form.NFD)))
                .hasMessageContaining("NFC");
        assertThatThrownBy(() -> SafePaths.validate("x".repeat(256))).hasMessageContaining("255 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "dir/sub/file.txt", ".hidden", "..dots", "a..b", "Über/café.txt", "spaces in name"})
    void ordinaryNamesAreAccepted(String name) throws Exception {
        assertThat(SafePaths.validate(name)).isEqualTo(name);
        assertThat(SafePaths.resolve(tmp, name)).startsWithRaw(tmp);
    }

    @Test
    void aSymlinkedDirectoryOnTheWayIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("folder"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertThatThrownBy(() -> SafePaths.resolve(root, "link/passwd"))
                .isInstanceOf(UnsafeNameException.class)
                .hasMessageContaining("symlink link");
        Files.createDirectories(root.resolve("real"));
        assertThat(SafePaths.resolve(root, "real/file")).isEqualTo(root.resolve("real/file"));
    }

    @Test
    void aFileWhereADirectoryShouldBeIsRefused() throws Exception {
        Files.writeString(tmp.resolve("notadir"), "x");
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "notadir/child")).hasMessageContaining("is a file here");
    }
}
