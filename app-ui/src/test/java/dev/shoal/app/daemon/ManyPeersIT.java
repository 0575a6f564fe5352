package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load, CI size: one hub daemon (its own process) and 20 peers, each with its own home, all sharing one
 * folder of small files; every peer ends up with every file byte for byte. The full size (100,000 files) is
 * {@code bench/load.sh}; figures in the README.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ManyPeersIT {
    @TempDir
    Path tmp;

    @Test
    void twentyPeersAllConvergeOnOneHub() throws Exception {
        ManyPeersLoad.Result r = ManyPeersLoad.run(tmp, 20, 2_000, 600);
        System.out.println(r.report());
        assertThat(r.allPeersSeconds()).isPositive();
        assertThat(r.hubPeakRssKiB() / 1024).as("hub memory, MiB").isLessThan(1536);
    }
}
