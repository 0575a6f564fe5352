package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two running daemons, driven with the CLI: the same file edited on both while they cannot reach each other
 * (the device paused) ends as one winner plus one conflict copy on both; each side's {@code .shoalignore} keeps
 * its ignored files to itself.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConflictsAndIgnoresIT {
    @TempDir
    Path tmp;

    static PairedHomes.Result shoal(String... args) {
        return PairedHomes.shoal(args);
    }

    static boolean connected(String home) {
        try {
            return new ObjectMapper()
                    .readTree(shoal("--home", home, "status", "--json").out())
                    .at("/devices/0/connected")
                    .asBoolean();
        } catch (Exception e) {
            return false;
        }
    }

    static List<String> conflictCopies(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".sync-conflict-") && !n.startsWith(".")) // not a copy's download temp
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void concurrentEditsEndWithOneWinnerAndOneConflictCopyOnBothDevices() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        Path notesA = homes.docsA().resolve("notes.txt");
        Path notesB = homes.docsB().resolve("notes.txt");
        Files.writeString(notesA, "first draft\n");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Await.until(() -> "first draft\n".equals(read(notesB)), "beta has the notes", 60);

            shoal("--home", homes.homeB(), "pause", "--device", homes.idA());
            Await.until(() -> !connected(homes.homeA()) && !connected(homes.homeB()), "apart", 30);
            Files.writeString(notesA, "alpha's edit\n");
            Files.writeString(notesB, "beta's edit, made later\n");
            // File times come from a coarse kernel clock: two writes a moment apart can share one mtime.
            Files.setLastModifiedTime(
                    notesB,
                    java.nio.file.attribute.FileTime.from(
                            Files.getLastModifiedTime(notesA).toInstant().plusSeconds(2)));
            Thread.sleep(1_500); // the watchers record both edits (an unrecorded one is still never overwritten)
            shoal("--home", homes.homeB(), "resume");

            Await.until(
                    () -> conflictCopies(homes.docsA()).size() == 1
                            && conflictCopies(homes.docsB()).equals(conflictCopies(homes.docsA()))
                            && read(notesA) != null
                            && read(notesA).equals(read(notesB)),
                    "one winner and the same conflict copy on both",
                    60);
            String copy = conflictCopies(homes.docsA()).getFirst();
            // The newer edit wins; the other is kept beside it, named after the device that made it.
            assertThat(read(notesA)).isEqualTo("beta's edit, made later\n");
            assertThat(read(homes.docsA().resolve(copy))).isEqualTo("alpha's edit\n");
            assertThat(read(homes.docsB().resolve(copy))).isEqualTo("alpha's edit\n");
            assertThat(copy)
                    .startsWith("notes.sync-conflict-")
                    .endsWith("-" + homes.idA().substring(0, 7) + ".txt");

            JsonNode listed = new ObjectMapper()
                    .readTree(shoal("--home", homes.homeA(), "conflicts", "--json")
                            .out())
                    .get("conflicts");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("file").asText()).isEqualTo("notes.txt");
            assertThat(listed.get(0).get("copy").asText()).isEqualTo(copy);
        }
    }

    @Test
    void eachSideKeepsItsIgnoredFilesToItself() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        Files.writeString(homes.docsA().resolve(".shoalignore"), "*.tmp\nbuild/\n");
        Files.writeString(homes.docsB().resolve(".shoalignore"), "(?i)*.LOG\n");
        Files.writeString(homes.docsA().resolve("scratch.tmp"), "alpha only");
        Files.createDirectories(homes.docsA().resolve("build"));
        Files.writeString(homes.docsA().resolve("build/out.o"), "alpha only");
        Files.writeString(homes.docsB().resolve("debug.log"), "beta only");
        Files.writeString(homes.docsA().resolve("debug.log"), "alpha's log");
        Files.writeString(homes.docsA().resolve("shared.txt"), "for both");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Await.until(() -> Files.exists(homes.docsB().resolve("shared.txt")), "the shared file arrives", 60);
            Files.writeString(homes.docsB().resolve("late.TMP.txt"), "not ignored: different name");
            Await.until(() -> Files.exists(homes.docsA().resolve("late.TMP.txt")), "beta's file arrives", 30);

            assertThat(homes.docsB().resolve("scratch.tmp")).doesNotExist();
            assertThat(homes.docsB().resolve("build")).doesNotExist();
            // Beta ignores *.log: alpha's log is not taken, and beta's own is neither sent nor replaced.
            assertThat(homes.docsB().resolve("debug.log")).hasContent("beta only");
            assertThat(homes.docsA().resolve("debug.log")).hasContent("alpha's log");
            // The ignore files themselves stay each device's own.
            assertThat(homes.docsB().resolve(".shoalignore")).hasContent("(?i)*.LOG\n");
            assertThat(homes.docsA().resolve(".shoalignore")).hasContent("*.tmp\nbuild/\n");
        }
    }
}
