package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.ShoalHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two daemons set up with the CLI, syncing on 127.0.0.1, driven through the local API like a script would. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DaemonIT {
    @TempDir
    Path tmp;

    static PairedHomes.Result shoal(String... args) {
        return PairedHomes.shoal(args);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        dev.shoal.app.Await.until(condition, what, 60);
    }

    static boolean sameBytes(Path a, Path b) {
        return dev.shoal.app.TestFiles.sameBytes(a, b);
    }

    @Test
    void twoDaemonsSyncAndReportThroughTheApi() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        String homeA = homes.homeA();
        String homeB = homes.homeB();
        Path docsA = homes.docsA();
        Path docsB = homes.docsB();
        String idA = homes.idA();
        String idB = homes.idB();
        byte[] photo = new byte[3_000_000];
        new Random(1).nextBytes(photo);
        Files.write(docsA.resolve("photo.raw"), photo);

        assertThat(shoal("--home", homeA, "status").err()).contains("not running");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homeA)));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homeB)))) {
            await(() -> sameBytes(docsA.resolve("photo.raw"), docsB.resolve("photo.raw")), "b has the photo");

            PairedHomes.Result status = shoal("--home", homeB, "status", "--json");
            assertThat(status.code()).isZero();
            JsonNode json = new ObjectMapper().readTree(status.out());
            assertThat(json.at("/device/id").asText()).isEqualTo(idB);
            JsonNode folder = json.at("/folders/0");
            assertThat(folder.get("id").asText()).isEqualTo("docs");
            assertThat(folder.get("localFiles").asLong()).isEqualTo(1);
            assertThat(folder.get("localBytes").asLong()).isEqualTo(photo.length);
            assertThat(folder.get("needFiles").asLong()).isZero();
            assertThat(folder.get("state").asText()).isIn("idle", "syncing", "scanning");
            assertThat(folder.at("/peers/0/device").asText()).isEqualTo(idA);
            JsonNode device = json.at("/devices/0");
            assertThat(device.get("connected").asBoolean()).isTrue();
            assertThat(device.get("bytesReceived").asLong()).isGreaterThan(photo.length);
            assertThat(json.get("pendingDevices")).isEmpty();

            Files.writeString(docsB.resolve("reply.txt"), "got it");
            assertThat(shoal("--home", homeB, "rescan", "docs").code()).isZero();
            await(() -> Files.exists(docsA.resolve("reply.txt")), "a has b's reply");
            assertThat(shoal("--home", homeB, "rescan", "nope").err()).contains("no folder with ID 'nope'");
        }
        assertThat(shoal("--home", homeB, "status").err()).contains("not running");
    }

    @Test
    void changesMadeWhileRunningAreSyncedWithoutARescanWithinFiveSeconds() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        Files.writeString(homes.docsA().resolve("first.txt"), "first");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            await(() -> Files.exists(homes.docsB().resolve("first.txt")), "the initial sync");
            for (String name : new String[] {"new.txt", "sub/dir/deep.txt"}) {
                Path made = homes.docsA().resolve(name);
                Files.createDirectories(made.getParent());
                long t0 = System.nanoTime();
                Files.writeString(made, "written at " + t0);
                dev.shoal.app.Await.until(
                        () -> sameBytes(made, homes.docsB().resolve(name)), name + " on b without a rescan", 5);
                System.out.printf(
                        "%s reached b %d ms after it was written%n", name, (System.nanoTime() - t0) / 1_000_000);
            }
            Files.delete(homes.docsB().resolve("first.txt"));
            dev.shoal.app.Await.until(
                    () -> !Files.exists(homes.docsA().resolve("first.txt")), "a deletion on b reached a", 5);

            // What b deleted is not gone on a: it sits in a's versions area and comes back with one command.
            PairedHomes.Result listed = shoal("--home", homes.homeA(), "versions", "list");
            assertThat(listed.out()).contains("docs: first.txt").contains("5 bytes");
            PairedHomes.Result restored = shoal("--home", homes.homeA(), "versions", "restore", "docs", "first.txt");
            assertThat(restored.code()).as(restored.err()).isZero();
            assertThat(homes.docsA().resolve("first.txt")).hasContent("first");
            await(() -> Files.exists(homes.docsB().resolve("first.txt")), "the restored file synced back to b");
            assertThat(shoal("--home", homes.homeA(), "versions", "restore", "docs", "nope.txt")
                            .err())
                    .contains("no stored version of 'nope.txt'");
        }
    }

    @Test
    void aDeviceWhoseIndexWasResetIsAskedForEverythingAgain() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        for (int i = 0; i < 10; i++) {
            Files.writeString(homes.docsA().resolve("f" + i + ".txt"), "file " + i);
        }
        try (Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())))) {
                await(() -> Files.exists(homes.docsB().resolve("f9.txt")), "b has a's ten files");
                for (int i = 1; i < 10; i++) {
                    Files.delete(homes.docsA().resolve("f" + i + ".txt"));
                }
                await(() -> !Files.exists(homes.docsB().resolve("f9.txt")), "b saw nine deletions");
            }
            // a loses its index (a new disk, a reinstall): its sequences start again far below what b holds.
            for (String f : new String[] {"index.db", "index.db-wal", "index.db-shm"}) {
                Files.deleteIfExists(Path.of(homes.homeA()).resolve(f));
            }
            Files.writeString(homes.docsA().resolve("after.txt"), "written after the reset");
            try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())))) {
                await(
                        () -> sameBytes(
                                homes.docsA().resolve("after.txt"),
                                homes.docsB().resolve("after.txt")),
                        "b got the file a made after its reset");
                assertThat(homes.docsB().resolve("f0.txt")).hasContent("file 0");
            }
        }
    }

    @Test
    void devicesAndFoldersAddedWhileRunningApplyWithoutARestart() throws Exception {
        String homeA = tmp.resolve("home-a").toString();
        String homeB = tmp.resolve("home-b").toString();
        Path docsA = Files.createDirectories(tmp.resolve("docs-a"));
        Path docsB = Files.createDirectories(tmp.resolve("docs-b"));
        String portA = "127.0.0.1:" + PairedHomes.freeUdpPort();
        String portB = "127.0.0.1:" + PairedHomes.freeUdpPort();
        String idA = shoal("--home", homeA, "init", "--name", "alpha", "--listen", portA)
                .out();
        String idB = shoal("--home", homeB, "init", "--name", "beta", "--listen", portB)
                .out();
        Files.writeString(docsA.resolve("hello.txt"), "hello from a");

        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homeA)));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homeB)))) {
            // Both run knowing nobody; pairing and sharing happen now, through the CLI, as a user would.
            PairedHomes.Result added = shoal("--home", homeA, "device", "add", idB, "--address", portB);
            assertThat(added.out()).contains("Applied to the running daemon");
            shoal("--home", homeB, "device", "add", idA, "--address", portA);
            await(
                    () -> a.pool()
                            .connection(dev.shoal.engine.spi.DeviceId.parse(idB))
                            .isPresent(),
                    "a and b connected");

            assertThat(shoal("--home", homeA, "folder", "add", docsA.toString(), "--id", "docs", "--share", idB)
                            .out())
                    .contains("Applied to the running daemon");
            shoal("--home", homeB, "folder", "add", docsB.toString(), "--id", "docs", "--share", idA);

            await(() -> sameBytes(docsA.resolve("hello.txt"), docsB.resolve("hello.txt")), "b got a's file");
            Files.writeString(docsB.resolve("back.txt"), "and back");
            shoal("--home", homeB, "rescan", "docs");
            await(() -> Files.exists(docsA.resolve("back.txt")), "a got b's file");
        }
    }
}
