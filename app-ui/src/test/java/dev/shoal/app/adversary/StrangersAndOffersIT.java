package dev.shoal.app.adversary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.OfferLocations;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.PairedHomes;
import dev.shoal.engine.api.FolderOffer;
import dev.shoal.engine.api.VerificationCode;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.wire.ClusterConfig;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.FolderShare;
import dev.shoal.transport.QuicEndpoint;
import dev.shoal.transport.QuicSettings;
import dev.shoal.transport.identity.CertificateFactory;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Findings 2, 4 and 5: what strangers and paired devices can put in front of the user. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StrangersAndOffersIT {
    static final String ESC_NAME = "\u001B]0;owned\u0007\u001B[2J" + "x".repeat(900);

    @TempDir
    Path tmp;

    @Test
    void manyStrangersWithHostileNamesLeaveAShortCleanListAndATerminalUntouched() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "victim", "friend");
        CertificateFactory certs = new CertificateFactory();
        EventLoopGroup loops = QuicEndpoint.newGroup(1, QuicSettings.DEFAULT);
        try (Daemon victim = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())))) {
            for (int i = 0; i < 50; i++) {
                try (RawPeer stranger = new RawPeer(
                        loops, certs.create("s" + i), victim.endpoint().localAddress(), true)) {
                    stranger.hello(i + ESC_NAME);
                    stranger.closeCode.get(10, TimeUnit.SECONDS);
                }
            }
            Await.until(() -> victim.pendingDevices().size() == 32, "the list holds the newest 32", 20);
            assertThat(victim.pendingDevices().values())
                    .allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(70).doesNotContain("\u001B"));
            assertThat(victim.pendingDevices().values().stream().anyMatch(n -> n.startsWith("49")))
                    .isTrue();

            var status = PairedHomes.shoal("--home", homes.homeA(), "status");
            assertThat(status.code()).isZero();
            assertThat(status.out())
                    .doesNotContain("\u001B")
                    .doesNotContain("\u0007")
                    .contains("verification: ");
            var id = victim.pendingDevices().keySet().iterator().next();
            assertThat(status.out())
                    .contains(VerificationCode.of(victim.identity().deviceId(), id));
            // The dialling side shows the same string the moment it adds the device.
            var added = PairedHomes.shoal("--home", homes.homeB(), "device", "add", id.toString());
            assertThat(added.out()).contains(VerificationCode.of(id, parse(homes.idB())));
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    static dev.shoal.engine.spi.DeviceId parse(String id) {
        return dev.shoal.engine.spi.DeviceId.parse(id);
    }

    @Test
    void aPairedDeviceOfferingDotDotGetsNoOfferAndLabelsAreCleaned() throws Exception {
        Path docs = java.nio.file.Files.createDirectories(tmp.resolve("docs"));
        try (HostileDevice mallory = new HostileDevice();
                Daemon victim = CaseInsensitiveFolderIT.victim(tmp, docs, mallory)) {
            ClusterConfig.Builder cc = ClusterConfig.newBuilder();
            for (String id : new String[] {"..", ".", "a/b", "..\\..", "x".repeat(65), "photos"}) {
                cc.addFolders(FolderShare.newBuilder().setId(id).setLabel("Holiday\u001B[31m\u202Etxt.exe"));
            }
            mallory.sendControl(MessageCodec.encode(
                    Envelope.newBuilder().setClusterConfig(cc).build()));
            Await.until(() -> !victim.engine().folderOffers().isEmpty(), "an offer arrives", 30);
            assertThat(victim.engine().folderOffers())
                    .extracting(FolderOffer::folderId)
                    .containsExactly("photos");
            String label = victim.engine().folderOffers().getFirst().label();
            assertThat(label).doesNotContain("\u001B").doesNotContain("\u202E").startsWith("Holiday");
        }
        Path base = tmp.resolve("Shoal");
        for (String hostile : new String[] {"..", ".", "", "a/../..", "/etc"}) {
            Path where = OfferLocations.defaultFor(base, hostile);
            assertThat(where.normalize().startsWith(base.toAbsolutePath().normalize()))
                    .isTrue();
            assertThat(where.normalize()).isNotEqualTo(base.toAbsolutePath().normalize());
        }
    }

    /** Finding 12: other local users cannot read the home: 0700 directories, 0600 files, whatever the umask. */
    @Test
    void theHomeDirectoryAndItsFilesAreTheOwnersAlone() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "victim", "friend");
        Path home = Path.of(homes.homeA());
        try (Daemon victim = Daemon.start(ShoalHome.resolve(home))) {
            assertThat(victim.engine().folderIds()).contains("docs");
        }
        try (var all = java.nio.file.Files.walk(home)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String perms = java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
                assertThat(perms)
                        .as(home.relativize(p).toString())
                        .isEqualTo(java.nio.file.Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }
}
