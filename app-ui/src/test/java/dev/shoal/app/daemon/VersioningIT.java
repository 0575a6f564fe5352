package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.engine.api.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each versioning type chosen with {@code shoal folder edit --versioning} on a running daemon, as a user would:
 * alpha changes a file, beta keeps (or hands over, or drops) the version it replaced, and {@code shoal versions
 * clean} applies the policy under beta's clock, which the test moves forward by days.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class VersioningIT {
    @TempDir
    Path tmp;

    /** The real time, plus however far the test has moved it on. */
    static final class MovableClock implements InstantSource {
        private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead.get());
        }

        void advance(Duration d) {
            ahead.updateAndGet(a -> a.plus(d));
        }
    }

    private PairedHomes homes;
    private final MovableClock clock = new MovableClock();

    static JsonNode status(String home) {
        return FolderManagementIT.status(home);
    }

    static String must(String... args) {
        return FolderManagementIT.must(args);
    }

    /** Alpha and beta sharing "docs" (alpha holding {@code a.txt} = "v1"), running while {@code body} runs. */
    private void withPair(String[] versioning, ThrowingRunnable body) throws Exception {
        homes = PairedHomes.create(tmp, "alpha", "beta");
        Files.writeString(homes.docsA().resolve("a.txt"), "v1");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(
                        ShoalHome.resolve(Path.of(homes.homeB())),
                        EngineSettings.fromSystemProperties().withClock(clock))) {
            List<String> edit = new ArrayList<>(List.of("--home", homes.homeB(), "folder", "edit", "docs"));
            edit.addAll(List.of(versioning));
            assertThat(must(edit.toArray(String[]::new))).contains("Applied to the running daemon");
            awaitOnBeta("v1");
            body.run();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Alpha changes a.txt to {@code content}; beta has it after. */
    private void change(String content) throws Exception {
        Files.writeString(homes.docsA().resolve("a.txt"), content);
        must("--home", homes.homeA(), "rescan", "docs");
        awaitOnBeta(content);
    }

    private void awaitOnBeta(String content) throws InterruptedException {
        Path file = homes.docsB().resolve("a.txt");
        Await.until(
                () -> {
                    try {
                        return Files.exists(file) && Files.readString(file).equals(content);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                },
                "beta has a.txt = " + content,
                60);
    }

    /** Sizes of the versions beta keeps of a.txt, oldest first (each content has its own length). */
    private List<Integer> kept() {
        JsonNode answer;
        try {
            answer = new ObjectMapper()
                    .readTree(must("--home", homes.homeB(), "versions", "list", "--folder", "docs", "--json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Integer> sizes = new ArrayList<>();
        for (JsonNode v : answer.get("versions")) {
            assertThat(v.get("name").asText()).isEqualTo("a.txt");
            sizes.add(v.get("size").asInt());
        }
        return sizes;
    }

    private String clean() {
        return must("--home", homes.homeB(), "versions", "clean", "--folder", "docs");
    }

    @Test
    void trashKeepsReplacedFilesForItsDaysThenCleanupRemovesThem() throws Exception {
        withPair(new String[] {"--versioning", "trash", "--keep", "2"}, () -> {
            change("v22");
            assertThat(kept()).containsExactly(2);
            assertThat(must("--home", homes.homeB(), "versions", "list"))
                    .as("the version names the device that made it")
                    .contains("made by " + homes.idA().substring(0, 7));
            clock.advance(Duration.ofDays(1));
            assertThat(clean()).contains("docs: 0 old versions removed");
            assertThat(kept()).containsExactly(2);
            clock.advance(Duration.ofHours(36)); // 2.5 days old now
            assertThat(clean()).contains("docs: 1 old version removed");
            assertThat(kept()).isEmpty();
        });
    }

    @Test
    void simpleKeepsTheNewestFewVersions() throws Exception {
        withPair(new String[] {"--versioning", "simple", "--keep", "2"}, () -> {
            for (String content : List.of("v22", "v333", "v4444", "v55555")) {
                clock.advance(Duration.ofSeconds(10));
                change(content);
            }
            // Four replaced (2, 3, 4 and 5 bytes long): the newest two stay.
            assertThat(kept()).containsExactly(4, 5);
            clock.advance(Duration.ofDays(400));
            clean();
            assertThat(kept()).as("simple counts versions, not days").containsExactly(4, 5);
        });
    }

    @Test
    void staggeredThinsOutRecentVersionsAndDropsThosePastTheMaximumAge() throws Exception {
        withPair(new String[] {"--versioning", "staggered", "--max-age", "30"}, () -> {
            for (String content : List.of("v22", "v333", "v4444", "v55555")) {
                clock.advance(Duration.ofSeconds(10));
                change(content);
            }
            assertThat(kept()).containsExactly(2, 3, 4, 5);
            clean();
            // Four versions 10 s apart, in the first hour one per 30 s: fewer stay, the newest among them.
            assertThat(kept()).hasSizeBetween(1, 3).contains(5);
            clock.advance(Duration.ofDays(31));
            clean();
            assertThat(kept()).as("past --max-age 30 days").isEmpty();
        });
    }

    @Test
    void noneKeepsNothing() throws Exception {
        withPair(new String[] {"--versioning", "none"}, () -> {
            change("v22");
            assertThat(kept()).isEmpty();
            try (var files = Files.walk(homes.docsB())) {
                assertThat(files.filter(Files::isRegularFile)
                                .filter(f -> !f.toString().contains(".shoal"))
                                .toList())
                        .containsExactly(homes.docsB().resolve("a.txt"));
            }
        });
    }

    @Test
    void externalHandsTheReplacedFileToTheUsersCommand() throws Exception {
        Path archive = Files.createDirectories(tmp.resolve("my-archive"));
        withPair(new String[] {"--versioning", "external", "--command", "mv %FILE_PATH% " + archive}, () -> {
            change("v22");
            assertThat(kept()).isEmpty();
            assertThat(archive.resolve("a.txt")).hasContent("v1");
        });
    }

    @Test
    void withLocalChangesAFileChangedOrDeletedOnThisDeviceIsVersionedToo() throws Exception {
        withPair(new String[] {"--versioning", "trash", "--local-changes"}, () -> {
            Path copies = homes.docsB().resolve(".shoal/local-copies");
            Await.until(() -> Files.exists(copies.resolve("a.txt")), "beta keeps a copy of a.txt", 30);

            // Changed on beta itself: the content before ("v1", 2 bytes) becomes a version.
            Files.writeString(homes.docsB().resolve("a.txt"), "mine");
            must("--home", homes.homeB(), "rescan", "docs");
            Await.until(() -> kept().equals(List.of(2)), "the local change is versioned", 30);
            awaitOnAlpha("mine");

            // A change from alpha is versioned once, as before (its old content "mine", 4 bytes).
            clock.advance(Duration.ofSeconds(10));
            change("v55555");
            Await.until(() -> kept().size() == 2, "the replaced file is versioned", 30);
            assertThat(kept()).containsExactlyInAnyOrder(2, 4);

            // Deleted on beta: its content ("v55555", 6 bytes) is kept.
            clock.advance(Duration.ofSeconds(10));
            Files.delete(homes.docsB().resolve("a.txt"));
            must("--home", homes.homeB(), "rescan", "docs");
            Await.until(() -> kept().size() == 3, "the local deletion is versioned", 30);
            assertThat(kept()).containsExactlyInAnyOrder(2, 4, 6);
            assertThat(status(homes.homeB()).at("/folders/0/localFiles").asLong())
                    .as("the copies are Shoal's own files: neither indexed nor synced")
                    .isZero();
            assertThat(homes.docsA().resolve(".shoal/local-copies")).doesNotExist();

            // Switched off: the copies go.
            must("--home", homes.homeB(), "folder", "edit", "docs", "--versioning", "trash");
            Await.until(() -> !Files.exists(copies), "the copies are removed", 30);
        });
    }

    private void awaitOnAlpha(String content) throws InterruptedException {
        Path file = homes.docsA().resolve("a.txt");
        Await.until(
                () -> {
                    try {
                        return Files.readString(file).equals(content);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                },
                "alpha has a.txt = " + content,
                60);
    }
}
