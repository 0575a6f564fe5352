package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.engine.api.FolderState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 15 of the trust issue: an edit made on a device whose daemon is stopped, concurrent with an edit on
 * the other device, is a conflict: the loser is a conflict copy on both devices and {@code conflicts} lists it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StoppedDaemonConflictIT {
    @TempDir
    Path tmp;

    @Test
    void anEditWhileThisDaemonWasStoppedConflictsWithThePeersEdit() throws Exception {
        play(true, false);
    }

    @Test
    void anEditWhileThePeersDaemonWasStoppedConflictsWithThisEdit() throws Exception {
        play(false, false);
    }

    @Test
    void theStoppedDaemonsDiskEditFirstThenThePeersEdit() throws Exception {
        play(true, true);
    }

    /** Edits of the same size as each other and as the original: only content and time tell them apart. */
    @Test
    void sameSizeEditsWhileOneDaemonWasStopped() throws Exception {
        play(true, false, "v0-original\n", "v1-stoppedB\n", "v2-running!\n");
    }

    /**
     * @param stopB which daemon is stopped while both edit (B, or else A)
     * @param offlineEditFirst the stopped device's file is edited before the running one's
     */
    void play(boolean stopB, boolean offlineEditFirst) throws Exception {
        play(
                stopB,
                offlineEditFirst,
                "first\n",
                "edit made while the daemon was stopped\n",
                "edit on the running device\n");
    }

    /** After both edits, the other daemon is stopped too and both start again, the stopped one first. */
    @Test
    void bothRestartedTheStoppedOneFirst() throws Exception {
        restartBoth = 1;
        play(true, false);
    }

    /** After both edits, the other daemon is stopped too and both start again, the other one first. */
    @Test
    void bothRestartedTheOtherOneFirst() throws Exception {
        restartBoth = 2;
        play(true, false);
    }

    /** 0: only the stopped daemon starts again; 1: both restart, it first; 2: both restart, the other first. */
    int restartBoth;

    void play(boolean stopB, boolean offlineEditFirst, String original, String offlineEdit, String runningEdit)
            throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        Path file = homes.docsA().resolve("notes.txt");
        Files.writeString(file, original);
        Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
        Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())));
        try {
            Await.until(
                    () -> original.equals(
                            ConflictsAndIgnoresIT.read(homes.docsB().resolve("notes.txt"))),
                    "beta has the file",
                    60);
            Daemon first = a;
            Daemon second = b;
            Await.until(() -> idle(first) && idle(second), "both settle", 60);

            Daemon running = stopB ? a : b;
            Path onRunning = (stopB ? homes.docsA() : homes.docsB()).resolve("notes.txt");
            Path onStopped = (stopB ? homes.docsB() : homes.docsA()).resolve("notes.txt");
            String stoppedHome = stopB ? homes.homeB() : homes.homeA();
            (stopB ? b : a).close();

            if (offlineEditFirst) {
                Files.writeString(onStopped, offlineEdit);
            }
            Thread.sleep(1100); // distinct mtimes, as two human edits have
            Files.writeString(onRunning, runningEdit);
            running.engine().rescan("docs");
            Await.until(() -> idle(running), "the running device records its edit", 30);
            if (!offlineEditFirst) {
                Thread.sleep(1100);
                Files.writeString(onStopped, offlineEdit);
            }
            String runningHome = stopB ? homes.homeA() : homes.homeB();
            if (restartBoth != 0) {
                running.close();
            }
            Daemon restarted;
            Daemon other = running;
            if (restartBoth == 2) {
                other = Daemon.start(ShoalHome.resolve(Path.of(runningHome)));
                restarted = Daemon.start(ShoalHome.resolve(Path.of(stoppedHome)));
            } else {
                restarted = Daemon.start(ShoalHome.resolve(Path.of(stoppedHome)));
                if (restartBoth == 1) {
                    other = Daemon.start(ShoalHome.resolve(Path.of(runningHome)));
                }
            }
            if (stopB) {
                b = restarted;
                a = other;
            } else {
                a = restarted;
                b = other;
            }
            Await.until(
                    () -> conflictCopies(homes.docsA()).size() == 1
                            && conflictCopies(homes.docsB()).size() == 1
                            && java.util.Objects.equals(
                                    ConflictsAndIgnoresIT.read(homes.docsA().resolve("notes.txt")),
                                    ConflictsAndIgnoresIT.read(homes.docsB().resolve("notes.txt"))),
                    "a conflict copy on both devices, and the same file",
                    90);
            String copy = conflictCopies(homes.docsA()).getFirst();
            String loser = ConflictsAndIgnoresIT.read(homes.docsA().resolve(copy));
            String winner = ConflictsAndIgnoresIT.read(homes.docsA().resolve("notes.txt"));
            assertThat(List.of(loser, winner)).containsExactlyInAnyOrder(offlineEdit, runningEdit);
            assertThat(ConflictsAndIgnoresIT.read(homes.docsB().resolve(copy))).isEqualTo(loser);
            for (String home : List.of(homes.homeA(), homes.homeB())) {
                // A device that made the copy itself records it at its next scan, a moment after the move.
                Await.until(() -> listedConflicts(home).size() == 1, "conflicts on " + home + " lists the copy", 30);
                assertThat(listedConflicts(home).get(0).get("copy").asText()).isEqualTo(copy);
            }
        } finally {
            a.close();
            b.close();
        }
    }

    static JsonNode listedConflicts(String home) {
        try {
            return new ObjectMapper()
                    .readTree(PairedHomes.shoal("--home", home, "conflicts", "--json")
                            .out())
                    .get("conflicts");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean idle(Daemon d) {
        return d.engine().state("docs") == FolderState.IDLE;
    }

    static List<String> conflictCopies(Path dir) {
        return ConflictsAndIgnoresIT.conflictCopies(dir);
    }
}
