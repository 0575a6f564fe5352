package dev.shoal.app.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.app.TestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where no direct path can open, devices sync through the user's own TURN relay (a real coturn on the public
 * side), found through the user's own discovery server.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RelayPathIT {
    @TempDir
    Path tmp;

    @Test
    void behindASymmetricNatTheFolderSyncsThroughTheRelayAndAWrongPasswordIsReported() throws Exception {
        assumeTrue(
                RendezvousKit.available(),
                "skipped: needs root, iproute2, nftables, stdiscosrv and coturn (CI installs them)");
        try (NatLab lab = NatLab.create()) {
            RendezvousKit kit = new RendezvousKit(lab, tmp);
            NatLab.Home laptopHome = lab.home(0, true); // a new public port per destination: punching cannot work
            NatLab.Home desktopHome = lab.home(0);
            // The laptop's router forgets a quiet mapping after 20 s: the relay's allocation lives only if the
            // laptop keeps talking to the server (a mapping lost, its next request comes from a new port).
            lab.forgetQuietMappingsAfter(laptopHome, 20);
            String serverId = kit.discoveryServer();
            String turn = kit.turnServer();
            List<String> discovery = List.of("--discovery", RendezvousKit.DISCOVERY, "--discovery-id", serverId);
            List<String> laptopNet = new java.util.ArrayList<>(discovery);
            laptopNet.addAll(List.of("--turn", turn));
            List<String> desktopNet = new java.util.ArrayList<>(discovery);
            desktopNet.addAll(List.of("--turn", RendezvousKit.turnUrl("not-the-password")));
            RendezvousKit.Pair pair = kit.pairByIdOnly("laptop", "desktop", laptopNet, desktopNet);
            TestFiles.write(pair.docsB().resolve("report.bin"), TestFiles.random(5, 6 << 20));
            TestFiles.write(pair.docsA().resolve("notes.txt"), TestFiles.random(6, 3000));
            lab.start(laptopHome.host(), BlockedProtocolIT.daemon(pair.a(), "run"), tmp.resolve("a.log"));
            lab.start(desktopHome.host(), BlockedProtocolIT.daemon(pair.b(), "run"), tmp.resolve("b.log"));

            // The desktop's own relay is refused, and says why; the laptop's works, and carries the session.
            kit.until(
                    () -> kit.status(desktopHome.host(), pair.b())
                            .at("/network/error")
                            .asText()
                            .contains("wrong user name or password"),
                    "the desktop's status names the wrong TURN password",
                    60);
            JsonNode desktop = kit.status(desktopHome.host(), pair.b());
            assertThat(desktop.at("/network/turn").asText())
                    .isEqualTo("turn://shoal@" + NatLab.SERVER + ":3478")
                    .doesNotContain("not-the-password");
            kit.until(
                    () -> TestFiles.tree(pair.docsA()).equals(TestFiles.tree(pair.docsB()))
                            && TestFiles.tree(pair.docsA()).containsKey("report.bin")
                            && TestFiles.tree(pair.docsB()).containsKey("notes.txt"),
                    "both files crossed through the relay",
                    180);
            JsonNode laptop = kit.status(laptopHome.host(), pair.a());
            assertThat(laptop.at("/network/relayAddress").asText()).startsWith(NatLab.SERVER + ":");
            assertThat(laptop.at("/devices/0/path").asText()).isEqualTo("relay");
            assertThat(laptop.at("/devices/0/address").asText())
                    .as("the laptop shows where the relay sees the desktop")
                    .startsWith(desktopHome.wan() + ":");
            assertThat(kit.status(desktopHome.host(), pair.b())
                            .at("/devices/0/path")
                            .asText())
                    .isEqualTo("relay");
            assertThat(lab.output(desktopHome.host(), BlockedProtocolIT.daemon(pair.b(), "status")))
                    .contains("via relay");
            assertThat(lab.output(laptopHome.host(), BlockedProtocolIT.daemon(pair.a(), "network", "show")))
                    .contains("TURN relay: turn://shoal@" + NatLab.SERVER + ":3478 (password saved, not shown)");
        }
    }

    @Test
    void aTransferThroughTheRelayMovesToTheDirectPathWhenItOpensAndSurvivesNatRebinding() throws Exception {
        assumeTrue(
                RendezvousKit.available(),
                "skipped: needs root, iproute2, nftables, conntrack, stdiscosrv and coturn (CI installs them)");
        try (NatLab lab = NatLab.create()) {
            RendezvousKit kit = new RendezvousKit(lab, tmp);
            NatLab.Home laptopHome = lab.home(0);
            NatLab.Home nasHome = lab.home(0);
            // For now the homes cannot reach each other directly, only the servers.
            lab.block(laptopHome, nasHome.wan());
            lab.block(nasHome, laptopHome.wan());
            String serverId = kit.discoveryServer();
            String turn = kit.turnServer();
            RendezvousKit.Pair pair = kit.pairByIdOnly(
                    "laptop",
                    "nas",
                    "--discovery",
                    RendezvousKit.DISCOVERY,
                    "--discovery-id",
                    serverId,
                    "--turn",
                    turn);
            long size = 200L << 20;
            TestFiles.write(pair.docsB().resolve("video.bin"), TestFiles.random(8, (int) size));
            // Slow enough that the move happens mid-transfer on any machine.
            RendezvousKit.must("--home", pair.a(), "limit", "--receive", "6144", "--lan");
            lab.start(laptopHome.host(), BlockedProtocolIT.daemon(pair.a(), "run"), tmp.resolve("a.log"));
            lab.start(nasHome.host(), BlockedProtocolIT.daemon(pair.b(), "run"), tmp.resolve("b.log"));

            kit.until(
                    () -> {
                        JsonNode d = kit.status(laptopHome.host(), pair.a()).at("/devices/0");
                        return "relay".equals(d.path("path").asText())
                                && d.path("bytesReceived").asLong() > (16 << 20);
                    },
                    "the transfer runs through the relay",
                    150);
            lab.unblock(laptopHome);
            lab.unblock(nasHome);
            kit.until(
                    () -> "direct"
                            .equals(kit.status(laptopHome.host(), pair.a())
                                    .at("/devices/0/path")
                                    .asText()),
                    "the devices punched through and moved to the direct path",
                    60);
            long atMove = kit.status(laptopHome.host(), pair.a())
                    .at("/devices/0/bytesReceived")
                    .asLong();
            assertThat(atMove).as("the move happened mid-transfer").isLessThan(size - (32 << 20));
            Thread.sleep(2_000); // the relayed connection's last packets (its close) are out
            lab.countRelayed(RendezvousKit.RELAY_MIN, RendezvousKit.RELAY_MAX);
            lab.flushMappings(laptopHome); // the laptop's router forgets its mappings mid-transfer

            kit.until(
                    () -> TestFiles.tree(pair.docsA()).equals(TestFiles.tree(pair.docsB())),
                    "the file completed, identical",
                    150);
            JsonNode device = kit.status(laptopHome.host(), pair.a()).at("/devices/0");
            assertThat(device.path("path").asText()).isEqualTo("direct");
            assertThat(device.path("bytesReceived").asLong())
                    .as("nothing verified was fetched twice across the move and the rebinding")
                    .isLessThan(size + size / 10);
            assertThat(lab.relayed())
                    .as("packets to the relay's ports once direct")
                    .isZero();
        }
    }
}
