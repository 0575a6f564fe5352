package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.app.Await;
import dev.shoal.store.fs.FolderLayout;
import dev.shoal.store.index.Index;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten seeded SIGKILLs of either daemon at random moments while a mixed set syncs over QUIC with a TCP bulk lane. After every kill: no file
 * sits under its final name with wrong content and the killed side's index passes SQLite's integrity check;
 * after the last restart both sides converge.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RandomKillIT {
    private static final long SEED = 20261121;
    private static final int KILLS = 10;

    @TempDir
    Path tmp;

    static void randomFile(Path file, int size, Random random) throws Exception {
        byte[] buf = new byte[Math.min(size, 1 << 20)];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int done = 0; done < size; done += buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, Math.min(buf.length, size - done));
            }
        }
    }

    /** Relative name to SHA-256 of every user file under {@code root}. */
    static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(f).toString();
                if (!FolderLayout.isInternal(name)
                        && !FolderLayout.isTemp(f.getFileName().toString())) {
                    out.put(name, KillResumeIT.sha256(f));
                }
            }
        }
        return out;
    }

    static void checkIndex(String home) {
        try (Index index = Index.open(Path.of(home, "index.db"))) {
            assertThat(index.integrityOk())
                    .as("the index of " + home + " opens and passes integrity_check")
                    .isTrue();
        }
    }

    @Test
    void tenRandomKillsLoseNothingAndNeverShowAWrongFile() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "sender", "receiver");
        Random random = new Random(SEED);
        for (int i = 0; i < 300; i++) {
            Path dir = Files.createDirectories(homes.docsA().resolve("small/d" + (i % 10)));
            randomFile(dir.resolve("f" + i + ".bin"), 4096 + random.nextInt(60 * 1024), random);
        }
        for (int i = 0; i < 6; i++) {
            randomFile(homes.docsA().resolve("medium-" + i + ".bin"), 16 << 20, random);
        }
        randomFile(homes.docsA().resolve("large.bin"), 256 << 20, random);
        Map<String, String> source = hashes(homes.docsA());

        String[] home = {homes.homeA(), homes.homeB()};
        Process[] daemons = {KillResumeIT.daemon(home[0]), KillResumeIT.daemon(home[1])};
        List<String> log = new ArrayList<>();
        try {
            long[] since = {0};
            for (int k = 0; k < KILLS; k++) {
                // Kill only while data moves over the TCP bulk lane: after the receiver has taken in another MiB.
                Await.until(
                        () -> {
                            var s = KillResumeIT.status(home[1]);
                            return s != null
                                    && s.at("/devices/0/connected").asBoolean()
                                    && "quic+tcp"
                                            .equals(s.at("/devices/0/transport").asText())
                                    && s.at("/devices/0/bytesReceived").asLong() > since[0] + (1 << 20);
                        },
                        "the transfer is under way again",
                        120);
                long wait = random.nextInt(400);
                int victim = random.nextInt(2);
                Thread.sleep(wait);
                long receivedNow = KillResumeIT.received(home[1]);
                daemons[victim].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                Map<String, String> received = hashes(homes.docsB());
                long wrong = received.entrySet().stream()
                        .filter(e -> !e.getValue().equals(source.get(e.getKey())))
                        .count();
                log.add(String.format(
                        "kill %d: %s, %d ms into a transfer, receiver has %d of %d files",
                        k + 1, victim == 0 ? "sender" : "receiver", wait, received.size(), source.size()));
                assertThat(wrong)
                        .as("files under their final name with wrong content")
                        .isZero();
                checkIndex(home[victim]);
                daemons[victim] = KillResumeIT.daemon(home[victim]);
                since[0] = victim == 1 ? 0 : receivedNow; // a restarted receiver counts from zero
            }
            Await.until(
                    () -> {
                        try {
                            return hashes(homes.docsB()).equals(source);
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    "the receiver converged after the last restart",
                    240);
        } finally {
            log.forEach(System.out::println);
            for (Process p : daemons) {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
        checkIndex(home[0]);
        checkIndex(home[1]);
    }
}
