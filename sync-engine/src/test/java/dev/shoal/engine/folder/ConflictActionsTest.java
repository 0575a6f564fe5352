package dev.shoal.engine.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.engine.api.ConflictChoice;
import dev.shoal.store.versions.VersionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConflictActionsTest {
    static final String COPY = "notes.sync-conflict-20261121-130750-A3NL3TN.txt";

    @TempDir
    Path root;

    VersionStore versions;
    ConflictActions actions;

    @BeforeEach
    void setUp() throws Exception {
        versions = new VersionStore(root, InstantSource.system());
        actions = new ConflictActions(root, versions);
        Files.writeString(root.resolve("notes.txt"), "current");
        Files.writeString(root.resolve(COPY), "conflicting");
    }

    @Test
    void keepingTheCurrentVersionSetsTheCopyAsideAsAVersion() throws Exception {
        assertThat(actions.resolve(COPY, ConflictChoice.KEEP_CURRENT)).isEqualTo("notes.txt");
        assertThat(root.resolve("notes.txt")).hasContent("current");
        assertThat(root.resolve(COPY)).doesNotExist();
        assertThat(versions.list()).extracting(v -> v.name()).containsExactly(COPY);
    }

    @Test
    void keepingTheCopyPutsItUnderTheNameAndKeepsTheOtherAsAVersion() throws Exception {
        assertThat(actions.resolve(COPY, ConflictChoice.KEEP_COPY)).isEqualTo("notes.txt");
        assertThat(root.resolve("notes.txt")).hasContent("conflicting");
        assertThat(root.resolve(COPY)).doesNotExist();
        assertThat(versions.list()).extracting(v -> v.name()).containsExactly("notes.txt");
    }

    @Test
    void keepingBothGivesTheCopyAPlainNameThatIsNoLongerAConflict() throws Exception {
        String kept = actions.resolve(COPY, ConflictChoice.KEEP_BOTH);
        assertThat(kept).isEqualTo("notes (A3NL3TN 2026-11-21 13.07.50).txt");
        assertThat(root.resolve(kept)).hasContent("conflicting");
        assertThat(root.resolve("notes.txt")).hasContent("current");
        assertThat(root.resolve(COPY)).doesNotExist();
    }

    @Test
    void keptNamesWorkInSubdirectoriesAndWithoutExtensions() {
        assertThat(ConflictActions.keptName("a.b/README.sync-conflict-20260101-000000-ABCDEFG", "a.b/README"))
                .isEqualTo("a.b/README (ABCDEFG 2026-01-01 00.00.00)");
    }

    @Test
    void namesThatAreNotConflictCopiesOrLeaveTheFolderAreRefused() {
        assertThatThrownBy(() -> actions.resolve("notes.txt", ConflictChoice.KEEP_COPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a conflict copy");
        assertThatThrownBy(() ->
                        actions.resolve("../x.sync-conflict-20261121-130750-A3NL3TN.txt", ConflictChoice.KEEP_COPY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
