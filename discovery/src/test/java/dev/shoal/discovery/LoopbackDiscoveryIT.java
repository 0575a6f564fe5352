package dev.shoal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two JVM processes on loopback find each other by mDNS. */
class LoopbackDiscoveryIT {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void twoProcessesFindEachOtherWithinFiveSeconds() throws Exception {
        try (ProbeProcess a = new ProbeProcess(null, "127.0.0.1", "alpha", 22001);
                ProbeProcess b = new ProbeProcess(null, "127.0.0.1", "beta", 22002)) {
            long start = System.nanoTime();
            String aSawB = a.await("FOUND " + b.id, 5000);
            String bSawA = b.await("FOUND " + a.id, 5000);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(aSawB).as("alpha found beta").contains("beta").contains(":22002");
            assertThat(bSawA).as("beta found alpha").contains("alpha").contains(":22001");
            assertThat(millis).isLessThan(5000);

            b.stop();
            assertThat(a.await("LOST " + b.id, 15_000))
                    .as("alpha noticed beta leave")
                    .isNotNull();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aPeerThatDiesWithoutGoodbyeIsLostWithinTheBound() throws Exception {
        // A 5 s record TTL instead of 60 s keeps the test short; the bound is TTL + the probes' 10 s lostAfter.
        List<String> shortTtl = List.of("-Dnet.dns.ttl=5");
        try (ProbeProcess a = new ProbeProcess(null, "127.0.0.1", "alpha", 22003, shortTtl);
                ProbeProcess c = new ProbeProcess(null, "127.0.0.1", "gamma", 22004, shortTtl)) {
            assertThat(a.await("FOUND " + c.id, 5000)).as("alpha found gamma").isNotNull();
            long t = System.nanoTime();
            c.kill();
            assertThat(a.await("LOST " + c.id, 45_000))
                    .as("alpha noticed gamma died")
                    .isNotNull();
            assertThat((System.nanoTime() - t) / 1e9).isLessThan(40);
        }
    }
}
