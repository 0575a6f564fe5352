package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.app.Await;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three daemons as separate processes, each paired with the other two and sharing one folder. A file one device
 * has is fetched by a newcomer from both others at once; a device killed in the middle of a transfer does not
 * stall the other two.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ThreeDevicesIT {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    private final List<Process> running = new ArrayList<>();

    record Home(String home, Path docs, String id, String address) {}

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : running) {
            p.destroy();
        }
        for (Process p : running) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Three homes made with the CLI, each pairing with and sharing "docs" with the other two. */
    List<Home> threeHomes() throws Exception {
        List<Home> homes = new ArrayList<>();
        for (String name : List.of("alpha", "beta", "gamma")) {
            String home = tmp.resolve("home-" + name).toString();
            Path docs = Files.createDirectories(tmp.resolve("docs-" + name));
            String address = "127.0.0.1:" + PairedHomes.freeUdpPort();
            String id = KillResumeIT.shoal("--home", home, "init", "--name", name, "--listen", address);
            homes.add(new Home(home, docs, id, address));
        }
        for (Home h : homes) {
            List<String> folderAdd = new ArrayList<>(
                    List.of("--home", h.home(), "folder", "add", h.docs().toString(), "--id", "docs"));
            for (Home other : homes) {
                if (other != h) {
                    KillResumeIT.shoal("--home", h.home(), "device", "add", other.id(), "--address", other.address());
                    folderAdd.addAll(List.of("--share", other.id()));
                }
            }
            assertThat(PairedHomes.shoal(folderAdd.toArray(String[]::new)).code())
                    .isZero();
        }
        return homes;
    }

    Process start(Home h) throws Exception {
        Process p = KillResumeIT.daemon(h.home());
        running.add(p);
        return p;
    }

    static void randomFile(Path file, long size, long seed) throws Exception {
        Random random = new Random(seed);
        byte[] buf = new byte[(int) MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                random.nextBytes(buf);
                out.write(buf);
            }
        }
    }

    /** What {@code home}'s status says of device {@code id}: the named per-device figure. */
    static long figure(Home home, Home device, String field) {
        JsonNode s = KillResumeIT.status(home.home());
        if (s == null) {
            return -1;
        }
        for (JsonNode d : s.get("devices")) {
            if (d.get("id").asText().equals(device.id())) {
                return d.get(field).asLong();
            }
        }
        return -1;
    }

    /** Whether {@code home}'s status says it is connected to {@code device}; false while it does not answer. */
    static boolean connected(Home home, Home device) {
        JsonNode s = KillResumeIT.status(home.home());
        if (s == null) {
            return false;
        }
        for (JsonNode d : s.get("devices")) {
            if (d.get("id").asText().equals(device.id())) {
                return d.get("connected").asBoolean();
            }
        }
        return false;
    }

    /** The bytes {@code home} still needs in its one folder (a file both others have counts once), or -1. */
    static long needBytes(Home home) {
        JsonNode s = KillResumeIT.status(home.home());
        return s == null ? -1 : s.at("/folders/0/needBytes").asLong();
    }

    static boolean same(Path a, Path b) {
        try {
            return Files.exists(b) && KillResumeIT.sha256(a).equals(KillResumeIT.sha256(b));
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aNewcomerFetchesOneFileFromTwoDevicesAtOnce() throws Exception {
        List<Home> h = threeHomes();
        Home alpha = h.get(0);
        Home beta = h.get(1);
        Home gamma = h.get(2);
        long size = 192 * MIB;
        Path original = alpha.docs().resolve("video.bin");
        randomFile(original, size, 7);

        start(alpha);
        start(beta);
        Path atBeta = beta.docs().resolve("video.bin");
        Await.until(() -> same(original, atBeta), "beta has the file", 120);

        // Gamma comes up with the folder paused and resumes it once both others are connected and it knows what
        // it needs; otherwise, on a loaded machine, it may finish from alpha before beta's connection is up.
        assertThat(PairedHomes.shoal("--home", gamma.home(), "pause", "--folder", "docs")
                        .code())
                .isZero();
        // Alpha serves at most 40 MB/s: over a TCP lane it alone could otherwise hand gamma the whole file before
        // beta's answers count, and the point here is that both serve it.
        assertThat(PairedHomes.shoal("--home", alpha.home(), "limit", "--send", "40000", "--lan")
                        .code())
                .isZero();
        start(gamma);
        Await.until(
                () -> connected(gamma, alpha) && connected(gamma, beta) && needBytes(gamma) == size,
                "gamma is connected to both and knows of the file",
                60);
        assertThat(PairedHomes.shoal("--home", gamma.home(), "resume", "--folder", "docs")
                        .code())
                .isZero();
        Path atGamma = gamma.docs().resolve("video.bin");
        Await.until(() -> same(original, atGamma), "gamma has the file", 120);

        long fromAlpha = figure(gamma, alpha, "chunkBytesFetched");
        long fromBeta = figure(gamma, beta, "chunkBytesFetched");
        System.out.printf(
                "gamma fetched %,d bytes from alpha and %,d from beta; alpha served it %,d, beta %,d%n",
                fromAlpha, fromBeta, figure(alpha, gamma, "chunkBytesServed"), figure(beta, gamma, "chunkBytesServed"));
        assertThat(fromAlpha).as("chunks from alpha").isGreaterThan(8 * MIB);
        assertThat(fromBeta).as("chunks from beta").isGreaterThan(8 * MIB);
        assertThat(fromAlpha + fromBeta).as("nothing fetched twice").isLessThan(size + size / 10);
        assertThat(figure(alpha, gamma, "chunkBytesServed")).isGreaterThan(8 * MIB);
        assertThat(figure(beta, gamma, "chunkBytesServed")).isGreaterThan(8 * MIB);
    }

    @Test
    void aDeviceKilledMidTransferDoesNotStallTheOthers() throws Exception {
        List<Home> h = threeHomes();
        Home alpha = h.get(0);
        Home beta = h.get(1);
        Home gamma = h.get(2);
        start(alpha);
        Process betaProcess = start(beta);
        start(gamma);
        Await.until(
                () -> figure(gamma, alpha, "chunkBytesFetched") == 0 && figure(gamma, beta, "chunkBytesFetched") == 0,
                "gamma is up",
                60);
        Await.until(
                () -> connected(alpha, beta) && connected(alpha, gamma) && connected(beta, gamma),
                "all three are connected",
                60);

        long size = 384 * MIB;
        Path original = alpha.docs().resolve("archive.bin");
        randomFile(original, size, 11); // the watcher picks it up; beta and gamma both pull it at once
        Await.until(
                () -> figure(gamma, alpha, "chunkBytesFetched") + figure(gamma, beta, "chunkBytesFetched")
                        > size * 55 / 100,
                "gamma has more than half of the file",
                120);
        Path atGamma = gamma.docs().resolve("archive.bin");
        assertThat(same(original, atGamma)).isFalse();
        long fromBetaBeforeKill = figure(gamma, beta, "chunkBytesFetched");
        long toBetaBeforeKill = figure(gamma, beta, "chunkBytesServed");
        betaProcess.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL mid-transfer

        Await.until(() -> same(original, atGamma), "gamma finished the file without beta", 90);
        long fromAlpha = figure(gamma, alpha, "chunkBytesFetched");
        long fromBeta = figure(gamma, beta, "chunkBytesFetched");
        System.out.printf(
                "gamma fetched %,d bytes from alpha and %,d from beta; before beta was killed it had fetched %,d"
                        + " from beta and served beta %,d%n",
                fromAlpha, fromBeta, fromBetaBeforeKill, toBetaBeforeKill);
        // Both pulled the new file at once, each starting at another place; once past half, their stretches
        // overlap, and whoever was ahead there served the other from its unfinished download.
        assertThat(fromBetaBeforeKill + toBetaBeforeKill)
                .as("chunks of the unfinished file went between beta and gamma")
                .isGreaterThan(0);
        assertThat(fromAlpha + fromBeta).as("the file was not started over").isLessThan(size + size / 4);

        // Alpha and gamma keep syncing with each other.
        Path note = alpha.docs().resolve("after.txt");
        Files.writeString(note, "still syncing");
        Await.until(() -> same(note, gamma.docs().resolve("after.txt")), "a new file reaches gamma", 30);
    }
}
