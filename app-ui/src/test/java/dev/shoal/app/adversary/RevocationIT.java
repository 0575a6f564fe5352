package dev.shoal.app.adversary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.PairedHomes;
import dev.shoal.engine.spi.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Finding 14: a lost laptop is revoked with one command; it is cut off at once and stays out. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RevocationIT {
    @TempDir
    Path tmp;

    @Test
    void aRemovedDeviceIsCutOffAtOnceAndNeverAdmittedAgain() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "desktop", "laptop");
        DeviceId laptop = DeviceId.parse(homes.idB());
        try (Daemon desktop = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon stolen = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Files.writeString(homes.docsA().resolve("before.txt"), "shared while trusted");
            Await.until(() -> Files.exists(homes.docsB().resolve("before.txt")), "the laptop syncs", 60);
            assertThat(desktop.pool().connection(laptop)).isPresent();

            var removed = PairedHomes.shoal("--home", homes.homeA(), "device", "remove", laptop.toString());
            assertThat(removed.code()).as(removed.err()).isZero();
            assertThat(removed.out()).contains("Removed").contains("Applied to the running daemon");

            // Cut off at once: no session with it, and its reconnects are refused as an unpaired device.
            Await.until(
                    () -> desktop.endpoint().sessions().stream().noneMatch(s -> laptop.equals(s.device())),
                    "the laptop's connection is closed",
                    10);
            Await.until(() -> desktop.pendingDevices().containsKey(laptop), "its next attempt is refused", 60);
            assertThat(desktop.endpoint().sessions()).noneMatch(s -> laptop.equals(s.device()));
            assertThat(desktop.config().devices()).noneMatch(d -> d.id().equals(laptop.toString()));
            assertThat(desktop.config().folder("docs").orElseThrow().sharedWith())
                    .doesNotContain(laptop.toString());
            assertThat(desktop.engine().spec("docs").orElseThrow().sharedWith()).doesNotContain(laptop);

            // Nothing new reaches it; files stay on both sides.
            Files.writeString(homes.docsA().resolve("after.txt"), "not for a stolen laptop");
            desktop.engine().rescan("docs");
            Thread.sleep(3000); // a bounded wait for something that must not happen
            assertThat(Files.exists(homes.docsB().resolve("after.txt"))).isFalse();
            assertThat(Files.readString(homes.docsA().resolve("before.txt"))).isEqualTo("shared while trusted");
            assertThat(Files.exists(homes.docsB().resolve("before.txt"))).isTrue();
        }
        // And after a restart of the desktop it stays out.
        try (Daemon desktop = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon stolen = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Await.until(() -> desktop.pendingDevices().containsKey(laptop), "refused after a restart too", 60);
            assertThat(desktop.endpoint().sessions()).noneMatch(s -> laptop.equals(s.device()));
        }
        assertThat(PairedHomes.shoal("--home", homes.homeA(), "device", "remove", laptop.toString())
                        .err())
                .contains("not paired");
    }
}
