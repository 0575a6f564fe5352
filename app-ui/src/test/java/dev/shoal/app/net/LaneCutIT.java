package dev.shoal.app.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.TestFiles;
import dev.shoal.app.daemon.PairedHomes;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large file moving over a QUIC session's TCP bulk lane when the firewall starts dropping TCP: the lane stalls,
 * is given up within seconds, and the rest comes over QUIC; the file completes with every chunk fetched once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LaneCutIT {
    private static final int SIZE = 256 << 20;

    @TempDir
    Path tmp;

    @Test
    void aLaneBlockedMidTransferFallsBackToQuicAndNothingIsFetchedTwice() throws Exception {
        assumeTrue(NetnsLab.available(), "skipped: needs root, iproute2 and nftables (CI has them)");
        try (NetnsLab lab = NetnsLab.create()) {
            PairedHomes homes = startTransfer(lab, 7);
            Path source = homes.docsA().resolve("disk.bin");
            Path target = homes.docsB().resolve("disk.bin");

            // Under way on the lane: some of the file's temp bytes are on disk, and status says quic+tcp.
            Await.until(() -> tempBytes(homes.docsB()) > 16 << 20, "the transfer is under way", 120);
            JsonNode during = status(lab, homes.homeB());
            assertThat(during.at("/devices/0/transport").asText()).isEqualTo("quic+tcp");
            lab.drop("tcp");
            long cutAt = System.nanoTime();

            Await.until(() -> TestFiles.sameBytes(source, target), "the file completed over QUIC", 180);
            System.out.printf(
                    "lane cut: the file completed %.1f s after TCP was blocked%n", (System.nanoTime() - cutAt) / 1e9);
            JsonNode after = status(lab, homes.homeB());
            assertThat(after.at("/devices/0/transport").asText()).isEqualTo("quic");
            assertThat(after.at("/devices/0/chunkBytesFetched").asLong())
                    .as("every chunk fetched once: none verified on the lane was asked again")
                    .isEqualTo(SIZE);
        }
    }

    @Test
    void aTenSecondCutOfTheWholeLinkWithALaneInUseResumesWithoutStartingOver() throws Exception {
        assumeTrue(NetnsLab.available(), "skipped: needs root, iproute2 and nftables (CI has them)");
        try (NetnsLab lab = NetnsLab.create()) {
            PairedHomes homes = startTransfer(lab, 8);
            Path source = homes.docsA().resolve("disk.bin");
            Path target = homes.docsB().resolve("disk.bin");
            Await.until(() -> tempBytes(homes.docsB()) > 16 << 20, "the transfer is under way", 120);
            assertThat(status(lab, homes.homeB()).at("/devices/0/transport").asText())
                    .isEqualTo("quic+tcp");

            lab.drop("{ tcp, udp }");
            Thread.sleep(10_000); // the cut itself: nothing to wait for
            lab.allow();
            Await.until(() -> TestFiles.sameBytes(source, target), "the file completed after the cut", 180);
            JsonNode after = status(lab, homes.homeB());
            assertThat(after.at("/devices/0/chunkBytesFetched").asLong())
                    .as("not fetched again from the start: each chunk once")
                    .isEqualTo(SIZE);
        }
    }

    /**
     * Two paired homes on the lab's hosts, a seeded file of {@link #SIZE} bytes on A, the receiver slowed down, and
     * both daemons started.
     */
    private PairedHomes startTransfer(NetnsLab lab, int seed) throws Exception {
        PairedHomes homes = PairedHomes.create(
                tmp, "home-a", "home-b", NetnsLab.ADDRESS_A + ":22000", NetnsLab.ADDRESS_B + ":22000");
        Random random = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(homes.docsA().resolve("disk.bin"))) {
            for (int done = 0; done < SIZE; done += buf.length) {
                random.nextBytes(buf);
                out.write(buf);
            }
        }
        slowDown(homes);
        lab.start(lab.nsA, BlockedProtocolIT.daemon(homes.homeA(), "run"), tmp.resolve("a.log"));
        lab.start(lab.nsB, BlockedProtocolIT.daemon(homes.homeB(), "run"), tmp.resolve("b.log"));
        return homes;
    }

    /** The receiver takes at most 20 MB/s, so the transfer takes long enough to be cut in the middle. */
    private static void slowDown(PairedHomes homes) {
        var r = PairedHomes.shoal("--home", homes.homeB(), "limit", "--receive", "20000", "--lan");
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static JsonNode status(NetnsLab lab, String home) throws Exception {
        return new ObjectMapper().readTree(lab.output(lab.nsB, BlockedProtocolIT.daemon(home, "status", "--json")));
    }

    /** Bytes of Shoal's temp files in {@code dir} (a download in progress). */
    private static long tempBytes(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".shoal-tmp"))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (Exception e) {
            return 0;
        }
    }
}
