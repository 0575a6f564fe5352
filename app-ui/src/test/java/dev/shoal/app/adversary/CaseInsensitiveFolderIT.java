package dev.shoal.app.adversary;

import static dev.shoal.app.TestFiles.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.PairedHomes;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.fs.FolderLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings 1, 9 and 10 played by a lying paired device against a real daemon whose folder lies on a real
 * case-insensitive file system (exFAT), and (for symlinks, which exFAT cannot hold) on the ordinary one.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CaseInsensitiveFolderIT {
    @TempDir
    Path tmp;

    /** A victim home sharing {@code folder} with the hostile device, started and connected to it. */
    static Daemon victim(Path tmp, Path folder, HostileDevice mallory) throws Exception {
        Path home = tmp.resolve("victim-home");
        String listen = "127.0.0.1:" + PairedHomes.freeUdpPort();
        assertThat(PairedHomes.shoal("--home", home.toString(), "init", "--name", "victim", "--listen", listen)
                        .code())
                .isZero();
        PairedHomes.shoal(
                "--home", home.toString(), "device", "add", mallory.id().toString());
        var added = PairedHomes.shoal(
                "--home",
                home.toString(),
                "folder",
                "add",
                folder.toString(),
                "--id",
                "docs",
                "--share",
                mallory.id().toString());
        assertThat(added.code()).as(added.err()).isZero();
        Daemon d = Daemon.start(ShoalHome.resolve(home));
        mallory.connect(d.identity().deviceId(), d.endpoint().localAddress());
        Await.until(() -> d.engine().state("docs") == dev.shoal.engine.api.FolderState.IDLE, "scanned", 30);
        return d;
    }

    @Test
    void onACaseInsensitiveDiskNoNameVariantReachesShoalsOwnFilesAndNoFileGetsAnothersContent() throws Exception {
        Assumptions.assumeTrue(ExfatMount.available(), "needs root and exFAT tools");
        try (ExfatMount disk = ExfatMount.create(tmp, 64);
                HostileDevice mallory = new HostileDevice()) {
            Path docs = Files.createDirectories(disk.root.resolve("docs"));
            try (Daemon victim = victim(tmp, docs, mallory)) {
                assertThat(disk.sameFile("docs/.shoal", "docs/.SHOAL"))
                        .as("the disk folds case")
                        .isTrue();
                byte[] upper = random(1, 300_000);
                byte[] lower = random(2, 300_000);
                List<String> reserved = List.of(
                        ".Shoal/versions/planted~20260101-000000.txt",
                        ".SHOAL/marker",
                        ".sh\u200Coal/versions/x.txt",
                        ".report.txt.SHOAL-TMP",
                        "sub/.x.Shoal-Tmp");
                var records = new java.util.ArrayList<dev.shoal.store.index.FileRecord>();
                records.add(mallory.file("Foo.txt", upper));
                records.add(mallory.file("foo.txt", lower));
                for (String r : reserved) {
                    records.add(mallory.file(r, random(3, 1000)));
                }
                mallory.announce("docs", records.toArray(dev.shoal.store.index.FileRecord[]::new));

                Await.until(
                        () -> victim.engine().errors("docs").keySet().containsAll(reserved),
                        "every reserved name variant is refused",
                        60);
                Await.until(
                        () -> Files.exists(docs.resolve("Foo.txt"))
                                && victim.engine().errors("docs").size() == reserved.size() + 1,
                        "one of Foo.txt and foo.txt is written, the other refused",
                        60);
                Map<String, String> errors = victim.engine().errors("docs");
                System.out.println("errors: " + errors);

                // Exactly one file holds the name, and it holds the content of the record with its exact name.
                List<String> names;
                try (Stream<Path> s = Files.list(docs)) {
                    names = s.map(p -> p.getFileName().toString())
                            .filter(n -> !n.equals(".shoal"))
                            .toList();
                }
                assertThat(names).hasSize(1);
                String onDisk = names.getFirst();
                assertThat(onDisk).isIn("Foo.txt", "foo.txt");
                byte[] expected = onDisk.equals("Foo.txt") ? upper : lower;
                assertThat(Arrays.equals(Files.readAllBytes(docs.resolve(onDisk)), expected))
                        .as("%s holds its own record's content", onDisk)
                        .isTrue();
                String other = onDisk.equals("Foo.txt") ? "foo.txt" : "Foo.txt";
                assertThat(errors.get(other)).contains(onDisk);

                // Nothing planted in Shoal's own directory, nothing outside the folder.
                try (Stream<Path> s = Files.walk(docs.resolve(".shoal"))) {
                    assertThat(s.filter(Files::isRegularFile).map(Path::toString))
                            .noneMatch(p -> p.contains("planted") || p.contains("marker") || p.contains("x.txt"));
                }
                try (Stream<Path> s = Files.list(disk.root)) {
                    assertThat(s.map(p -> p.getFileName().toString())).containsExactly("docs");
                }
            }
        }
    }

    /** Finding 10: a download being resumed whose temp name a symlink now holds writes nothing through it. */
    @Test
    void aSymlinkPlantedUnderATempNameIsReplacedNotWrittenThrough() throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "precious");
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        byte[] content = random(5, 2_000_000);
        try (HostileDevice mallory = new HostileDevice()) {
            var record = mallory.file("report.txt", content);
            // A first run leaves a download of report.txt half done (its partials row says chunk 0 is written)...
            try (Daemon first = victim(tmp, docs, mallory)) {
                assertThat(first.engine().state("docs")).isNotNull();
            }
            try (var index = dev.shoal.store.index.Index.open(tmp.resolve("victim-home/index.db"))) {
                var bits = new java.util.BitSet();
                bits.set(0);
                index.savePartial(
                        index.folder("docs").orElseThrow(),
                        "report.txt",
                        record.manifest().fileHash(),
                        bits);
            }
            // ...and its temp name now holds a symlink to a file outside the folder.
            Path temp = FolderLayout.tempFor(docs, "report.txt");
            Files.createSymbolicLink(temp, outside);
            try (Daemon victim = Daemon.start(ShoalHome.resolve(tmp.resolve("victim-home")))) {
                mallory.connect(victim.identity().deviceId(), victim.endpoint().localAddress());
                mallory.announce("docs", record);
                Await.until(
                        () -> Files.exists(docs.resolve("report.txt"))
                                || !victim.engine().errors("docs").isEmpty(),
                        "the pull settles",
                        60);
                assertThat(new String(Files.readAllBytes(outside), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .isEqualTo("precious");
                assertThat(Files.isSymbolicLink(docs.resolve("report.txt"))).isFalse();
                assertThat(Files.readAllBytes(docs.resolve("report.txt"))).isEqualTo(content);
                assertThat(Files.exists(temp, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .isFalse();
            }
        }
    }

    @Test
    void aLinkNamedLikeShoalsDirectoryIsRefusedAndNothingIsArchivedThroughIt() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("a.txt"), "mine");
        try (HostileDevice mallory = new HostileDevice();
                Daemon victim = victim(tmp, docs, mallory)) {
            mallory.announce("docs", mallory.symlink(".Shoal", outside.toString()));
            Await.until(() -> victim.engine().errors("docs").containsKey(".Shoal"), "the link is refused", 60);
            assertThat(Files.exists(docs.resolve(".Shoal"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && !docs.resolve(".Shoal")
                                    .toRealPath()
                                    .equals(docs.resolve(".shoal").toRealPath()))
                    .isFalse();
            try (Stream<Path> s = Files.list(outside)) {
                assertThat(s).isEmpty();
            }
        }
        assertThat(DeviceId.class).isNotNull();
    }
}
