package dev.shoal.app.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.TestFiles;
import dev.shoal.app.daemon.PairedHomes;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The impaired link of the fault suite with the TCP bulk lane in use: two hosts joined by a 1500-MTU veth whose
 * firewalls drop 5 % of all arriving packets, UDP and TCP alike. A mixed set converges byte for byte, the devices
 * keep their lane up, and the receiver takes in little more than the set (nothing fetched twice beyond retries).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LossyLinkIT {
    @TempDir
    Path tmp;

    @Test
    void aMixedSetConvergesWithLanesOverALossyLink() throws Exception {
        assumeTrue(NetnsLab.available(), "skipped: needs root, iproute2 and nftables (CI has them)");
        try (NetnsLab lab = NetnsLab.create()) {
            lab.lose(5);
            PairedHomes homes = PairedHomes.create(
                    tmp, "home-a", "home-b", NetnsLab.ADDRESS_A + ":22000", NetnsLab.ADDRESS_B + ":22000");
            long set = 0;
            for (int i = 0; i < 40; i++) {
                byte[] bytes = TestFiles.random(i, 4096 + (i * 1531) % 60_000);
                TestFiles.write(homes.docsA().resolve("small/d" + (i % 5) + "/f" + i + ".bin"), bytes);
                set += bytes.length;
            }
            for (int i = 0; i < 3; i++) {
                TestFiles.write(homes.docsA().resolve("medium-" + i + ".bin"), TestFiles.random(100 + i, 4 << 20));
                set += 4 << 20;
            }
            TestFiles.write(homes.docsA().resolve("large.bin"), TestFiles.random(200, 24 << 20));
            set += 24 << 20;
            long started = System.nanoTime();
            lab.start(lab.nsA, BlockedProtocolIT.daemon(homes.homeA(), "run"), tmp.resolve("a.log"));
            lab.start(lab.nsB, BlockedProtocolIT.daemon(homes.homeB(), "run"), tmp.resolve("b.log"));

            Await.until(
                    () -> TestFiles.tree(homes.docsB()).equals(TestFiles.tree(homes.docsA())),
                    "b has every file of a, byte for byte",
                    180);
            JsonNode device = new ObjectMapper()
                    .readTree(lab.output(lab.nsB, BlockedProtocolIT.daemon(homes.homeB(), "status", "--json")))
                    .at("/devices/0");
            long lost = lab.lost();
            System.out.printf(
                    "lossy veth: %,d bytes in %.1f s over %s, %,d packets dropped, %,d bytes received%n",
                    set,
                    (System.nanoTime() - started) / 1e9,
                    device.get("transport").asText(),
                    lost,
                    device.get("bytesReceived").asLong());
            assertThat(device.get("transport").asText()).isEqualTo("quic+tcp");
            assertThat(lost).as("the link did drop packets").isPositive();
            assertThat(device.get("bytesReceived").asLong())
                    .as("nothing fetched twice beyond the odd retry")
                    .isLessThan(set + set / 4);
        }
    }
}
