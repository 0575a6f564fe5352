package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.ShoalHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiving folder lives on a small tmpfs (needs root, as in CI; skipped elsewhere): a file that does not fit
 * pauses the pull with a clear error and never appears under its final name; once the file system grows, the
 * pull resumes by itself.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DiskFullIT {
    @TempDir
    Path tmp;

    static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    static JsonNode status(String home) throws Exception {
        return new ObjectMapper()
                .readTree(PairedHomes.shoal("--home", home, "status", "--json").out());
    }

    @Test
    void aFullDiskPausesThePullWithAClearErrorAndItResumesOnceThereIsRoom() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        Path docsB = homes.docsB();
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", docsB.toString()) == 0,
                "mounting a tmpfs needs root");
        try {
            byte[] small = new byte[200_000];
            byte[] big = new byte[30 << 20];
            new Random(7).nextBytes(small);
            new Random(8).nextBytes(big);
            Files.write(homes.docsA().resolve("small.bin"), small);
            Files.write(homes.docsA().resolve("big.bin"), big);

            try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                    Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
                DaemonIT.await(
                        () -> DaemonIT.sameBytes(homes.docsA().resolve("small.bin"), docsB.resolve("small.bin")),
                        "the file that fits arrived");
                DaemonIT.await(
                        () -> {
                            try {
                                return status(homes.homeB())
                                        .at("/folders/0/errors")
                                        .toString()
                                        .contains("Not enough free disk");
                            } catch (Exception e) {
                                return false;
                            }
                        },
                        "status reports the full disk");
                JsonNode folder = status(homes.homeB()).at("/folders/0");
                assertThat(status(homes.homeB()).at("/devices/0/transport").asText())
                        .as("the big file is to come over the TCP bulk lane")
                        .isEqualTo("quic+tcp");
                assertThat(folder.get("errors").get(0).asText())
                        .contains(docsB.toString())
                        .contains("Free some space");
                assertThat(folder.get("needFiles").asLong()).isEqualTo(1);
                assertThat(docsB.resolve("big.bin")).doesNotExist();

                assertThat(run("mount", "-o", "remount,size=128m", docsB.toString()))
                        .isZero();
                DaemonIT.await(
                        () -> DaemonIT.sameBytes(homes.docsA().resolve("big.bin"), docsB.resolve("big.bin")),
                        "the big file arrived once there was room");
                DaemonIT.await(
                        () -> {
                            try {
                                return status(homes.homeB())
                                        .at("/folders/0/errors")
                                        .isEmpty();
                            } catch (Exception e) {
                                return false;
                            }
                        },
                        "the error cleared");
                assertThat(Arrays.equals(Files.readAllBytes(docsB.resolve("big.bin")), big))
                        .isTrue();
            }
        } finally {
            run("umount", "-l", docsB.toString());
        }
    }
}
