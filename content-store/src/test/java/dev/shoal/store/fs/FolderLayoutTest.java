package dev.shoal.store.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FolderLayoutTest {
    @Test
    void theInternalDirectoryIsRecognisedInEveryVariantAFileSystemMightTakeForIt() {
        for (String name : new String[] {
            ".shoal",
            ".Shoal/versions/a",
            ".SHOAL",
            ".shoal.",
            ".shoal /x",
            ".sh\u200Coal/x",
            ".\uFEFFshoal",
            ".\u017Fhoal" // the long s upper-cases to S
        }) {
            assertThat(FolderLayout.isInternal(name)).as(name).isTrue();
        }
        assertThat(FolderLayout.isInternal("shoal")).isFalse();
        assertThat(FolderLayout.isInternal("docs/.shoal")).isFalse();
        assertThat(FolderLayout.isInternal(".shoals")).isFalse();
    }

    @Test
    void tempNamesAreRecognisedInEveryCaseAndDifferForNamesDifferingOnlyInCase() {
        assertThat(FolderLayout.isTemp(".a.txt.shoal-tmp")).isTrue();
        assertThat(FolderLayout.isTemp(".a.txt.SHOAL-TMP")).isTrue();
        assertThat(FolderLayout.isTemp(".a.txt.Shoal-Tmp.")).isTrue();
        Path root = Path.of("/r");
        Path upper = FolderLayout.tempFor(root, "Foo.txt");
        Path lower = FolderLayout.tempFor(root, "foo.txt");
        assertThat(FolderLayout.fold(upper.getFileName().toString()))
                .isNotEqualTo(FolderLayout.fold(lower.getFileName().toString()));
        assertThat(FolderLayout.isTemp(upper.getFileName().toString())).isTrue();
    }

    @Test
    void aTempNameStaysWithinTheFileNameLimit() {
        String longName = "dir/" + "\u00e9".repeat(127); // 254 bytes of UTF-8
        String temp =
                FolderLayout.tempFor(Path.of("/r"), longName).getFileName().toString();
        assertThat(temp.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(255);
        assertThat(FolderLayout.isTemp(temp)).isTrue();
    }
}
