package dev.shoal.app.daemon;

import static dev.shoal.app.TestFiles.random;
import static dev.shoal.app.TestFiles.sameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.engine.api.FolderState;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.CorruptIndexException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 13 of the trust issue: a damaged index is reported at start with the file named and what to do, and
 * {@code shoal repair} rebuilds it from the folder on disk and the peer without downloading or conflicting.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RepairIT {
    @TempDir
    Path tmp;

    @Test
    void aDamagedIndexIsNamedAtStartAndRepairRebuildsItWithoutDownloadsOrConflicts() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        Files.write(homes.docsA().resolve("small.bin"), random(1, 200_000));
        Files.write(homes.docsA().resolve("large.bin"), random(2, 6_000_000));
        Files.createDirectories(homes.docsA().resolve("sub"));
        Files.writeString(homes.docsA().resolve("sub/notes.txt"), "notes\n");
        Path homeB = Path.of(homes.homeB());
        DeviceId alpha = DeviceId.parse(homes.idA());
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())))) {
            try (Daemon b = Daemon.start(ShoalHome.resolve(homeB))) {
                Await.until(
                        () -> sameBytes(
                                        homes.docsA().resolve("large.bin"),
                                        homes.docsB().resolve("large.bin"))
                                && sameBytes(
                                        homes.docsA().resolve("sub/notes.txt"),
                                        homes.docsB().resolve("sub/notes.txt")),
                        "beta has everything",
                        60);
                Await.until(() -> b.engine().state("docs") == FolderState.IDLE, "beta settles", 30);
            }
            // Damage every page of beta's index but the first.
            Path db = homeB.resolve("index.db");
            try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
                byte[] junk = random(9, (int) f.length() - 4096);
                f.seek(4096);
                f.write(junk);
            }
            assertThatThrownBy(() -> Daemon.start(ShoalHome.resolve(homeB)).close())
                    .isInstanceOf(CorruptIndexException.class)
                    .hasMessageContaining(db.toString())
                    .hasMessageContaining("shoal repair");

            var repaired = PairedHomes.shoal("--home", homes.homeB(), "repair");
            assertThat(repaired.code()).as(repaired.err()).isZero();
            assertThat(repaired.out()).contains("damaged");

            try (Daemon b = Daemon.start(ShoalHome.resolve(homeB))) {
                Await.until(
                        () -> b.engine().state("docs") == FolderState.IDLE
                                && a.engine().state("docs") == FolderState.IDLE
                                && b.pool().connection(alpha).isPresent(),
                        "beta rebuilt its index and is connected",
                        60);
                Thread.sleep(3000); // a bounded wait for index exchanges that must not download anything
                Await.until(() -> b.engine().state("docs") == FolderState.IDLE, "beta settles again", 30);
                assertThat(b.engine().chunkTraffic(alpha)[1])
                        .as("bytes of chunks fetched after repair")
                        .isZero();
                assertThat(ConflictsAndIgnoresIT.conflictCopies(homes.docsA())).isEmpty();
                assertThat(ConflictsAndIgnoresIT.conflictCopies(homes.docsB())).isEmpty();
                assertThat(b.engine().errors("docs")).isEmpty();

                // The versions converged: a later edit on alpha is an ordinary update on beta, not a conflict.
                Files.writeString(homes.docsA().resolve("sub/notes.txt"), "notes, edited after the repair\n");
                a.engine().rescan("docs");
                Await.until(
                        () -> sameBytes(
                                homes.docsA().resolve("sub/notes.txt"),
                                homes.docsB().resolve("sub/notes.txt")),
                        "beta takes alpha's edit",
                        60);
                assertThat(ConflictsAndIgnoresIT.conflictCopies(homes.docsB().resolve("sub")))
                        .isEmpty();
                assertThat(ConflictsAndIgnoresIT.conflictCopies(homes.docsA().resolve("sub")))
                        .isEmpty();
            }
        }
        try (var listing = Files.list(homeB)) {
            assertThat(listing.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("index.db.damaged-"));
        }
    }
}
