package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pausing folders and devices and limiting rates through the CLI, applied to running daemons. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PauseAndLimitsIT {
    @TempDir
    Path tmp;

    static PairedHomes.Result shoal(String... args) {
        return PairedHomes.shoal(args);
    }

    static JsonNode status(String home) throws Exception {
        return new ObjectMapper()
                .readTree(shoal("--home", home, "status", "--json").out());
    }

    static boolean connected(String home) {
        try {
            return status(home).at("/devices/0/connected").asBoolean();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aPausedFolderOrDeviceSyncsNothingUntilResumed() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Await.until(() -> connected(homes.homeB()), "connected", 60);

            PairedHomes.Result paused = shoal("--home", homes.homeB(), "pause", "--folder", "docs");
            assertThat(paused.out()).contains("Paused folder 'docs'").contains("Applied to the running daemon");
            Files.writeString(homes.docsA().resolve("while-paused.txt"), "wait for me");
            Await.until(
                    () -> {
                        try {
                            return status(homes.homeB())
                                            .at("/folders/0/needFiles")
                                            .asLong()
                                    == 1;
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    "beta knows of the new file",
                    30);
            JsonNode folder = status(homes.homeB()).at("/folders/0");
            assertThat(folder.get("state").asText()).isEqualTo("paused");
            assertThat(folder.get("paused").asBoolean()).isTrue();
            Thread.sleep(2_000); // nothing may arrive while paused, even given time
            assertThat(homes.docsB().resolve("while-paused.txt")).doesNotExist();

            assertThat(shoal("--home", homes.homeB(), "resume", "--folder", "docs")
                            .out())
                    .contains("Resumed folder 'docs'");
            Await.until(() -> Files.exists(homes.docsB().resolve("while-paused.txt")), "the file arrives", 30);
            assertThat(status(homes.homeB()).at("/folders/0/paused").asBoolean())
                    .isFalse();

            assertThat(shoal("--home", homes.homeB(), "pause", "--device", homes.idA())
                            .out())
                    .contains("Paused device");
            Await.until(() -> !connected(homes.homeB()) && !connected(homes.homeA()), "disconnected", 30);
            assertThat(status(homes.homeB()).at("/devices/0/paused").asBoolean())
                    .isTrue();
            Files.writeString(homes.docsA().resolve("while-device-paused.txt"), "later");
            Thread.sleep(2_000); // alpha keeps dialling; beta keeps refusing
            assertThat(connected(homes.homeB())).isFalse();
            assertThat(shoal("--home", homes.homeB(), "resume").out()).contains("Resumed device");
            Await.until(
                    () -> Files.exists(homes.docsB().resolve("while-device-paused.txt")),
                    "the file arrives after the device is resumed",
                    60);

            assertThat(shoal("--home", homes.homeB(), "pause", "--folder", "nope")
                            .err())
                    .contains("No folder with ID 'nope'");
        }
    }

    @Test
    void aDownloadLimitThatIncludesTheLanSlowsTheTransferToIt() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        assertThat(shoal("--home", homes.homeB(), "limit").out()).contains("Upload: unlimited, download: unlimited");
        // Exempt by default: loopback is the local network.
        assertThat(shoal("--home", homes.homeB(), "limit", "--receive", "2048").out())
                .contains("download: 2048 KiB/s (local network exempt)");
        byte[] first = new byte[6 << 20];
        new Random(3).nextBytes(first);
        Files.write(homes.docsA().resolve("first.bin"), first);
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Await.until(() -> Files.exists(homes.docsB().resolve("first.bin")), "the first file arrives", 60);

            assertThat(shoal("--home", homes.homeB(), "limit", "--lan").out())
                    .contains("download: 2048 KiB/s (local network included)")
                    .contains("Applied to the running daemon");
            assertThat(status(homes.homeB()).at("/limits/receiveKiBps").asLong())
                    .isEqualTo(2048);
            byte[] second = new byte[8 << 20];
            new Random(4).nextBytes(second);
            long started = System.nanoTime();
            Files.write(homes.docsA().resolve("second.bin"), second);
            Await.until(() -> Files.exists(homes.docsB().resolve("second.bin")), "the second file arrives", 60);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("8 MiB at a 2 MiB/s download limit took %.1f s%n", seconds);
            // 8 MiB at 2 MiB/s is 4 s; a quarter second may go as a burst.
            assertThat(seconds).isGreaterThan(3.5);
            assertThat(Files.readAllBytes(homes.docsB().resolve("second.bin"))).isEqualTo(second);
        }
    }
}
