package dev.shoal.app.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.app.Await;
import dev.shoal.app.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond the LAN through a rendezvous server the user hosts: Syncthing's {@code stdiscosrv} in a "public"
 * namespace, two homes behind NAT routers that both use 198.51.100.0/24. Devices know each other only by ID.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RendezvousIT {
    private static final String DISCOVERY = RendezvousKit.DISCOVERY;

    @TempDir
    Path tmp;

    @Test
    void behindTwoNatsDevicesLearnTheirPublicAddressesPunchAndSyncDirectlyNotThroughTheRelay() throws Exception {
        assumeTrue(
                RendezvousKit.available(),
                "skipped: needs root, iproute2, nftables, stdiscosrv and coturn (CI installs them)");
        try (NatLab lab = NatLab.create()) {
            RendezvousKit kit = new RendezvousKit(lab, tmp);
            NatLab.Home homeA = lab.home(0);
            NatLab.Home homeB = lab.home(0); // no port forward: only punching lets a packet in
            String serverId = kit.discoveryServer();
            String turn = kit.turnServer(); // coturn answers STUN on the same port: both are used
            RendezvousKit.Pair pair = kit.pairByIdOnly(
                    "laptop",
                    "desktop",
                    "--discovery",
                    DISCOVERY,
                    "--discovery-id",
                    serverId,
                    "--stun",
                    NatLab.SERVER + ":3478",
                    "--turn",
                    turn);
            String a = pair.a();
            String b = pair.b();
            Path docsA = pair.docsA();
            Path docsB = pair.docsB();
            TestFiles.write(docsA.resolve("big.bin"), TestFiles.random(4, 8 << 20));
            lab.start(homeA.host(), BlockedProtocolIT.daemon(a, "run"), tmp.resolve("a.log"));
            lab.start(homeB.host(), BlockedProtocolIT.daemon(b, "run"), tmp.resolve("b.log"));

            kit.until(
                    () -> TestFiles.tree(docsB).equals(TestFiles.tree(docsA))
                            && "direct"
                                    .equals(kit.status(homeB.host(), b)
                                            .at("/devices/0/path")
                                            .asText()),
                    "the file crossed both NATs and the devices talk directly",
                    150);
            JsonNode s = kit.status(homeB.host(), b);
            assertThat(s.at("/device/publicAddresses").toString()).contains(homeB.wan() + ":22000");
            assertThat(s.at("/network/relayAddress").asText()).startsWith(NatLab.SERVER + ":");
            JsonNode device = s.at("/devices/0");
            assertThat(device.get("address").asText()).startsWith(homeA.wan() + ":");

            // With the direct path up, the relay carries nothing: not the next file either.
            lab.countRelayed(RendezvousKit.RELAY_MIN, RendezvousKit.RELAY_MAX);
            TestFiles.write(docsB.resolve("reply.bin"), TestFiles.random(5, 4 << 20));
            kit.until(() -> TestFiles.tree(docsA).equals(TestFiles.tree(docsB)), "the second file crossed back", 60);
            assertThat(kit.status(homeA.host(), a).at("/devices/0/path").asText())
                    .isEqualTo("direct");
            assertThat(lab.relayed())
                    .as("packets to the relay's ports once direct")
                    .isZero();
        }
    }

    /** {@code shoal network set} run inside {@code ns} next to the running daemon of {@code home}; its output. */
    private static String setDiscoveryLive(NatLab lab, String ns, String home, String serverId) throws Exception {
        return lab.output(
                ns,
                BlockedProtocolIT.daemon(home, "network", "set", "--discovery", DISCOVERY, "--discovery-id", serverId));
    }

    @Test
    void devicesInTwoHomesFindEachOtherThroughTheServerAndSync() throws Exception {
        assumeTrue(
                RendezvousKit.available(), "skipped: needs root, iproute2, nftables and stdiscosrv (CI installs them)");
        try (NatLab lab = NatLab.create()) {
            RendezvousKit kit = new RendezvousKit(lab, tmp);
            NatLab.Home laptop = lab.home(0);
            NatLab.Home nas = lab.home(22000); // a port forward, as a NAS at home would have
            String serverId = kit.discoveryServer();
            RendezvousKit.Pair pair =
                    kit.pairByIdOnly("laptop", "nas", "--discovery", DISCOVERY, "--discovery-id", serverId);
            String a = pair.a();
            Path docsA = pair.docsA();
            Path docsB = pair.docsB();
            TestFiles.write(docsB.resolve("photos/big.bin"), TestFiles.random(1, 12 << 20));
            TestFiles.write(docsA.resolve("notes.txt"), TestFiles.random(2, 5000));
            lab.start(laptop.host(), BlockedProtocolIT.daemon(a, "run"), tmp.resolve("a.log"));
            lab.start(nas.host(), BlockedProtocolIT.daemon(pair.b(), "run"), tmp.resolve("b.log"));

            kit.until(
                    () -> TestFiles.tree(docsA).equals(TestFiles.tree(docsB))
                            && TestFiles.tree(docsA).containsKey("photos/big.bin")
                            && TestFiles.tree(docsA).containsKey("notes.txt"),
                    "both homes have both files",
                    120);
            JsonNode s = kit.status(laptop.host(), a);
            JsonNode device = s.at("/devices/0");
            assertThat(device.get("connected").asBoolean()).isTrue();
            assertThat(device.get("address").asText()).startsWith(nas.wan() + ":");
            assertThat(device.get("path").asText()).isEqualTo("direct");
            assertThat(device.get("rttMs").isNumber()).isTrue();
            assertThat(s.at("/network/lanOnly").asBoolean()).isFalse();
            assertThat(s.at("/network/error").isNull()).isTrue();
            Await.until(
                    () -> kit.status(laptop.host(), a)
                            .at("/device/publicAddresses")
                            .toString()
                            .contains(laptop.wan()),
                    "the laptop learns the public address the server saw",
                    60);
            String text = lab.output(laptop.host(), BlockedProtocolIT.daemon(a, "status"));
            assertThat(text).contains("direct over the internet").contains("discovery server https://" + NatLab.SERVER);
        }
    }

    @Test
    void withNoServerNothingLeavesTheHomeAndASetServerIsUsedLiveWithAClearErrorForTheWrongOne() throws Exception {
        assumeTrue(
                RendezvousKit.available(), "skipped: needs root, iproute2, nftables and stdiscosrv (CI installs them)");
        try (NatLab lab = NatLab.create()) {
            RendezvousKit kit = new RendezvousKit(lab, tmp);
            NatLab.Home home = lab.home(0);
            String serverId = kit.discoveryServer();
            String a = tmp.resolve("alone").toString();
            Path docs = Files.createDirectories(tmp.resolve("docs"));
            RendezvousKit.must("--home", a, "init", "--name", "alone", "--listen", "0.0.0.0:22000");
            String other =
                    RendezvousKit.must("--home", tmp.resolve("elsewhere").toString(), "init", "--name", "elsewhere");
            RendezvousKit.must("--home", a, "device", "add", other);
            RendezvousKit.must("--home", a, "folder", "add", docs.toString(), "--id", "docs", "--share", other);
            TestFiles.write(docs.resolve("f.txt"), TestFiles.random(3, 1000));
            assertThat(RendezvousKit.must("--home", a, "network", "show")).contains("LAN only");
            lab.start(home.host(), BlockedProtocolIT.daemon(a, "run"), tmp.resolve("a.log"));
            Await.until(
                    () -> kit.status(home.host(), a).at("/folders/0/localFiles").asLong() == 1,
                    "the daemon is up and has scanned",
                    60);
            Thread.sleep(8_000); // mDNS announcements, dial attempts: none may leave the home
            assertThat(lab.leftHome(home))
                    .as("packets out of the home with no server set")
                    .isZero();

            // The same count moves once a server is set, live: the check above could have failed. First with
            // another server's ID: the certificate is refused and status says why.
            String wrongId = "0".repeat(64);
            setDiscoveryLive(lab, home.host(), a, wrongId);
            Await.until(
                    () -> kit.status(home.host(), a)
                            .at("/network/error")
                            .asText()
                            .contains("not the one configured"),
                    "status says the server's certificate is not the configured one",
                    60);
            assertThat(kit.status(home.host(), a).at("/network/lastAnnounced").isNull())
                    .isTrue();
            assertThat(lab.output(home.host(), BlockedProtocolIT.daemon(a, "status")))
                    .contains("error: cannot announce to https://" + NatLab.SERVER);
            String applied = setDiscoveryLive(lab, home.host(), a, serverId);
            assertThat(applied).contains("Applied to the running daemon");
            Await.until(
                    () -> kit.status(home.host(), a)
                            .at("/network/lastAnnounced")
                            .isTextual(),
                    "the device announced itself to the server",
                    60);
            assertThat(lab.leftHome(home)).isPositive();
        }
    }
}
