package dev.shoal.store.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each versioning type on real files, its cleanup driven by an injected clock. */
class VersioningTest {
    @TempDir
    Path root;

    /** A clock the test moves. */
    static final class Clock implements InstantSource {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final Clock clock = new Clock();

    private VersionStore store(Versioning policy) {
        VersionStore s = new VersionStore(root, clock);
        s.setPolicy(policy);
        return s;
    }

    /** Writes {@code name} and hands it to the store, as a peer's change replacing it would. */
    private Path replace(VersionStore s, String name, String content) throws IOException {
        Files.createDirectories(root.resolve(name).getParent());
        Files.writeString(root.resolve(name), content);
        return s.archive(name);
    }

    private List<String> kept(VersionStore s) throws IOException {
        return s.list().stream().map(v -> v.archivedAt().toString()).toList();
    }

    @Test
    void trashKeepsEveryVersionForItsDaysThenCleansThemUp() throws Exception {
        VersionStore s = store(new Versioning(Versioning.Type.TRASH, 7, 0, null));
        replace(s, "a/doc.txt", "one");
        clock.advance(Duration.ofDays(3));
        replace(s, "a/doc.txt", "two");
        assertThat(s.list()).hasSize(2);
        clock.advance(Duration.ofDays(5)); // the first is 8 days old, the second 5
        assertThat(s.cleanup()).isEqualTo(1);
        assertThat(s.list()).singleElement().satisfies(v -> assertThat(Files.readString(v.path()))
                .isEqualTo("two"));
    }

    @Test
    void simpleKeepsTheNewestFewOfEachFile() throws Exception {
        VersionStore s = store(new Versioning(Versioning.Type.SIMPLE, 2, 0, null));
        for (int i = 1; i <= 4; i++) {
            replace(s, "doc.txt", "v" + i);
            replace(s, "other.txt", "o" + i);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(s.list().stream().filter(v -> v.name().equals("doc.txt")))
                .extracting(v -> Files.readString(v.path()))
                .containsExactly("v3", "v4");
        assertThat(s.list()).hasSize(4);
        assertThat(s.cleanup()).isZero();
    }

    @Test
    void staggeredThinsVersionsOutWithAgeAndDropsTheTooOld() throws Exception {
        VersionStore s = store(new Versioning(Versioning.Type.STAGGERED, 0, 40, null));
        // Ten versions 10 s apart, then ten an hour apart, then ten a day apart (oldest first).
        for (int i = 0; i < 10; i++) {
            replace(s, "doc.txt", "day" + i);
            clock.advance(Duration.ofDays(1));
        }
        for (int i = 0; i < 10; i++) {
            replace(s, "doc.txt", "hour" + i);
            clock.advance(Duration.ofHours(1));
        }
        for (int i = 0; i < 10; i++) {
            replace(s, "doc.txt", "sec" + i);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(s.list()).hasSize(30);
        s.cleanup();
        List<String> left = s.list().stream()
                .map(v -> {
                    try {
                        return Files.readString(v.path());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .toList();
        // In the first hour one per 30 s: 4 of the ten 10 s-apart versions; one per hour in the first day: all
        // ten hourly ones; one per day after that: all ten daily ones.
        assertThat(left.stream().filter(t -> t.startsWith("sec"))).hasSize(4).contains("sec9");
        assertThat(left.stream().filter(t -> t.startsWith("hour"))).hasSize(10);
        assertThat(left.stream().filter(t -> t.startsWith("day"))).hasSize(10);

        clock.advance(Duration.ofDays(35)); // now the daily ones are 35-45 days old: past the 40-day maximum
        s.cleanup();
        assertThat(kept(s)).hasSizeLessThan(left.size());
        assertThat(s.list())
                .allSatisfy(v -> assertThat(Files.readString(v.path())).doesNotStartWith("day0"));
    }

    @Test
    void noneDeletesTheOldFile() throws Exception {
        VersionStore s = store(new Versioning(Versioning.Type.NONE, 0, 0, null));
        assertThat(replace(s, "doc.txt", "gone")).isNull();
        assertThat(root.resolve("doc.txt")).doesNotExist();
        assertThat(s.list()).isEmpty();
    }

    @Test
    void externalHandsTheFileToTheUsersCommandWhichMustTakeItAway() throws Exception {
        Path elsewhere = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-archive"));
        VersionStore s = store(new Versioning(Versioning.Type.EXTERNAL, 0, 0, "mv %FILE_PATH% " + elsewhere));
        replace(s, "doc.txt", "moved away");
        assertThat(root.resolve("doc.txt")).doesNotExist();
        assertThat(Files.readString(elsewhere.resolve("doc.txt"))).isEqualTo("moved away");

        VersionStore lazy = store(new Versioning(Versioning.Type.EXTERNAL, 0, 0, "true"));
        assertThatThrownBy(() -> replace(lazy, "kept.txt", "still here"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("left")
                .hasMessageContaining("in place");
        assertThat(root.resolve("kept.txt")).exists();
    }

    @Test
    void aRestoreNeverLosesTheCurrentFileWhateverThePolicy() throws Exception {
        VersionStore s = store(Versioning.DEFAULT);
        replace(s, "doc.txt", "old");
        s.setPolicy(new Versioning(Versioning.Type.NONE, 0, 0, null));
        Files.writeString(root.resolve("doc.txt"), "current");
        StoredVersion old = s.list().getFirst();
        clock.advance(Duration.ofSeconds(5));
        s.restore(old);
        assertThat(Files.readString(root.resolve("doc.txt"))).isEqualTo("old");
        assertThat(s.list()).singleElement().satisfies(v -> assertThat(Files.readString(v.path()))
                .isEqualTo("current"));
    }
}
