package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Managing what is set up, through the CLI against running daemons: remove, edit, unshare, offers, devices. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FolderManagementIT {
    @TempDir
    Path tmp;

    static PairedHomes.Result shoal(String... args) {
        return PairedHomes.shoal(args);
    }

    static String must(String... args) {
        PairedHomes.Result r = shoal(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    static JsonNode status(String home) {
        try {
            return new ObjectMapper()
                    .readTree(shoal("--home", home, "status", "--json").out());
        } catch (Exception e) {
            return new ObjectMapper().createObjectNode();
        }
    }

    static long fetched(String home) {
        return status(home).at("/devices/0/chunkBytesFetched").asLong();
    }

    @Test
    void aRemovedFolderStopsSyncingKeepsItsFilesAndComesBackWithoutDownloadingAgain() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        byte[] big = TestFiles.random(11, 4 << 20);
        TestFiles.write(homes.docsA().resolve("big.bin"), big);
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Await.until(() -> Files.exists(homes.docsB().resolve("big.bin")), "the file arrives", 60);
            Await.until(() -> fetched(homes.homeB()) >= big.length, "its chunks are counted", 10);
            long before = fetched(homes.homeB());

            String out = must("--home", homes.homeB(), "folder", "remove", "docs");
            assertThat(out)
                    .contains("removed")
                    .contains(homes.docsB().toString())
                    .contains("Applied to the running daemon");
            assertThat(status(homes.homeB()).get("folders")).isEmpty();
            assertThat(Files.readAllBytes(homes.docsB().resolve("big.bin"))).isEqualTo(big);
            Files.writeString(homes.docsA().resolve("while-removed.txt"), "not here");
            Thread.sleep(3_000); // alpha has it and beta is connected: nothing may arrive
            assertThat(homes.docsB().resolve("while-removed.txt")).doesNotExist();

            must(
                    "--home",
                    homes.homeB(),
                    "folder",
                    "add",
                    homes.docsB().toString(),
                    "--id",
                    "docs",
                    "--share",
                    homes.idA());
            Await.until(
                    () -> Files.exists(homes.docsB().resolve("while-removed.txt")),
                    "the file written meanwhile arrives once the folder is back",
                    60);
            assertThat(fetched(homes.homeB()) - before)
                    .as("bytes fetched again after re-adding: only the new file")
                    .isLessThan(1 << 20);
        }
    }

    @Test
    void unsharingStopsServingAtOnceAndSharingAgainFetchesOnlyWhatIsMissing() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        byte[] first = TestFiles.random(12, 2 << 20);
        TestFiles.write(homes.docsA().resolve("first.bin"), first);
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Await.until(() -> Files.exists(homes.docsB().resolve("first.bin")), "the first file arrives", 60);
            // A slow download in progress when alpha unshares the folder from beta.
            must("--home", homes.homeB(), "limit", "--receive", "512", "--lan");
            TestFiles.write(homes.docsA().resolve("slow.bin"), TestFiles.random(13, 24 << 20));
            Await.until(() -> fetched(homes.homeB()) > first.length + (1 << 20), "the slow file is coming", 60);

            String out = must("--home", homes.homeA(), "folder", "edit", "docs", "--unshare", homes.idB());
            assertThat(out).contains("shared with no device").contains("Applied to the running daemon");
            long atUnshare = fetched(homes.homeB());
            Thread.sleep(4_000);
            assertThat(fetched(homes.homeB()) - atUnshare)
                    .as("bytes served after the unshare (requests already on the wire at most)")
                    .isLessThan(1 << 20);
            assertThat(homes.docsB().resolve("slow.bin")).doesNotExist();
            assertThat(status(homes.homeA()).at("/folders/0/peers"))
                    .as("alpha forgot beta's records")
                    .isEmpty();

            must("--home", homes.homeB(), "limit", "--receive", "0");
            must("--home", homes.homeA(), "folder", "edit", "docs", "--share", homes.idB());
            Await.until(() -> Files.exists(homes.docsB().resolve("slow.bin")), "the slow file completes", 90);
            assertThat(fetched(homes.homeB()))
                    .as("first.bin, identical on both sides, was not fetched again")
                    .isLessThan(first.length + (24L << 20) + (2 << 20));
            assertThat(Files.readAllBytes(homes.docsB().resolve("first.bin"))).isEqualTo(first);
        }
    }

    @Test
    void offeredFoldersAreListedAcceptedAndDeclinedAndEditsApplyLive() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        Path photosA = Files.createDirectories(tmp.resolve("photos-a"));
        Path musicA = Files.createDirectories(tmp.resolve("music-a"));
        Files.writeString(musicA.resolve("song.txt"), "la la");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            must(
                    "--home",
                    homes.homeA(),
                    "folder",
                    "add",
                    photosA.toString(),
                    "--id",
                    "photos",
                    "--share",
                    homes.idB());
            must("--home", homes.homeA(), "folder", "add", musicA.toString(), "--id", "music", "--share", homes.idB());
            Await.until(() -> status(homes.homeB()).path("folderOffers").size() == 2, "beta sees both offers", 60);
            assertThat(must("--home", homes.homeB(), "status"))
                    .contains("Folder offered: 'photos' (photos) by alpha")
                    .contains("shoal folder accept photos --path DIR");

            assertThat(must("--home", homes.homeB(), "folder", "decline", "photos", "--device", homes.idA()))
                    .contains("Declined folder 'photos'");
            Path musicB = tmp.resolve("music-b");
            assertThat(must("--home", homes.homeB(), "folder", "accept", "music", "--path", musicB.toString()))
                    .contains("accepted");
            Await.until(() -> Files.exists(musicB.resolve("song.txt")), "the accepted folder syncs", 60);
            assertThat(status(homes.homeB()).path("folderOffers")).isEmpty();
            PairedHomes.Result again =
                    shoal("--home", homes.homeB(), "folder", "decline", "photos", "--device", homes.idA());
            assertThat(again.code()).isNotZero();
            assertThat(again.err()).contains("offers no folder 'photos'");

            // Edits apply live: beta stops watching music and rescans it every 10 s; a label and a name show.
            assertThat(must(
                            "--home",
                            homes.homeB(),
                            "folder",
                            "edit",
                            "music",
                            "--no-watch",
                            "--rescan-interval",
                            "10",
                            "--label",
                            "Music"))
                    .contains("Folder 'Music' (music)")
                    .contains("not watched")
                    .contains("rescanned every 10 s");
            Files.writeString(musicB.resolve("found-by-rescan.txt"), "x");
            Await.until(
                    () -> Files.exists(musicA.resolve("found-by-rescan.txt")),
                    "the periodic rescan finds the new file",
                    40);
            assertThat(must("--home", homes.homeB(), "device", "edit", homes.idA(), "--name", "Alpha's laptop"))
                    .contains("Device Alpha's laptop");
            Await.until(
                    () -> status(homes.homeB()).at("/devices/0/name").asText().equals("Alpha's laptop"),
                    "the new name shows",
                    10);
            assertThat(shoal("--home", homes.homeB(), "folder", "edit", "music", "--rescan-interval", "1")
                            .err())
                    .contains("under 10 s");
        }
    }

    @Test
    void versioningChosenPerFolderKeepsWhatItSays() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        Path archive = Files.createDirectories(tmp.resolve("beta-archive"));
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            assertThat(must("--home", homes.homeB(), "folder", "edit", "docs", "--versioning", "simple", "--keep", "2"))
                    .contains("versions: the newest 2 of each file");
            assertThat(status(homes.homeB()).at("/folders/0/versioning/type").asText())
                    .isEqualTo("simple");
            for (int i = 1; i <= 4; i++) {
                String content = "version " + i;
                Files.writeString(homes.docsA().resolve("notes.txt"), content);
                Await.until(
                        () -> {
                            try {
                                return Files.readString(homes.docsB().resolve("notes.txt"))
                                        .equals(content);
                            } catch (java.io.IOException e) {
                                return false;
                            }
                        },
                        "version " + i + " arrives",
                        30);
                Thread.sleep(1100); // versions are stamped to the second
            }
            String versions = must("--home", homes.homeB(), "versions", "list", "--json");
            JsonNode list = new ObjectMapper().readTree(versions).path("versions");
            assertThat(list).as(versions).hasSize(2);

            // External: the user's command takes the replaced file away.
            must(
                    "--home",
                    homes.homeB(),
                    "folder",
                    "edit",
                    "docs",
                    "--versioning",
                    "external",
                    "--command",
                    "mv %FILE_PATH% " + archive);
            Files.writeString(homes.docsA().resolve("notes.txt"), "version 5");
            Await.until(() -> Files.exists(archive.resolve("notes.txt")), "the command received the old file", 30);
            assertThat(Files.readString(archive.resolve("notes.txt"))).isEqualTo("version 4");
            Await.until(
                    () -> {
                        try {
                            return Files.readString(homes.docsB().resolve("notes.txt"))
                                    .equals("version 5");
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    },
                    "the new version is in place",
                    30);
        }
    }
}
