package dev.shoal.app.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.TestFiles;
import dev.shoal.app.daemon.PairedHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond the LAN through a rendezvous server the user hosts: Syncthing's {@code stdiscosrv} in a "public"
 * namespace, two homes behind NAT routers that both use 198.51.100.0/24. Devices know each other only by ID.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RendezvousIT {
    private static final String DISCOVERY = "https://" + NatLab.SERVER + ":8443";

    @TempDir
    Path tmp;

    static boolean available() {
        return NetnsLab.available() && new java.io.File("/usr/bin/stdiscosrv").canExecute();
    }

    /** Starts stdiscosrv on the public side and returns its ID, as its log prints it. */
    private String discoveryServer(NatLab lab) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("discosrv"));
        Path log = tmp.resolve("discosrv.log");
        lab.start(
                lab.pub,
                List.of(
                        "stdiscosrv",
                        "-listen",
                        NatLab.SERVER + ":8443",
                        "-cert",
                        dir.resolve("cert.pem").toString(),
                        "-key",
                        dir.resolve("key.pem").toString(),
                        "-db-dir",
                        dir.resolve("db").toString()),
                log);
        Pattern id = Pattern.compile("([A-Z2-7]{7}(-[A-Z2-7]{7}){7})");
        String[] found = new String[1];
        Await.until(
                () -> {
                    Matcher m = id.matcher(read(log));
                    return m.find() && (found[0] = m.group(1)) != null;
                },
                "the discovery server printed its ID",
                60);
        return found[0];
    }

    /** Starts coturn on the public side as a STUN server (3478) and waits until it answers. */
    private String stunServer(NatLab lab) throws Exception {
        Path log = tmp.resolve("coturn.log");
        lab.start(
                lab.pub,
                List.of(
                        "turnserver",
                        "-n",
                        "--stun-only",
                        "--listening-ip=" + NatLab.SERVER,
                        "--listening-port=3478",
                        "--no-tls",
                        "--no-dtls",
                        "--no-cli",
                        "--log-file=stdout",
                        "--pidfile=" + tmp.resolve("coturn.pid")),
                log);
        Await.until(
                () -> {
                    try {
                        return lab.output(lab.pub, List.of("ss", "-lun")).contains(NatLab.SERVER + ":3478");
                    } catch (Exception e) {
                        return false;
                    }
                },
                "coturn listens on UDP 3478",
                30);
        return NatLab.SERVER + ":3478";
    }

    /** Two devices' homes and folders. */
    private record Pair(String a, String b, Path docsA, Path docsB) {}

    /**
     * Two devices, {@code nameA} and {@code nameB}, set up to sync folder "docs" knowing each other by ID only,
     * with the given network settings.
     */
    private Pair pairByIdOnly(String nameA, String nameB, String... network) throws java.io.IOException {
        Pair p = new Pair(
                home(tmp, nameA),
                home(tmp, nameB),
                Files.createDirectories(tmp.resolve("docs-a")),
                Files.createDirectories(tmp.resolve("docs-b")));
        String idA = must("--home", p.a(), "init", "--name", nameA, "--listen", "0.0.0.0:22000");
        String idB = must("--home", p.b(), "init", "--name", nameB, "--listen", "0.0.0.0:22000");
        // By ID only: no address, and mDNS cannot cross the routers.
        must("--home", p.a(), "device", "add", idB);
        must("--home", p.b(), "device", "add", idA);
        must("--home", p.a(), "folder", "add", p.docsA().toString(), "--id", "docs", "--share", idB);
        must("--home", p.b(), "folder", "add", p.docsB().toString(), "--id", "docs", "--share", idA);
        for (String h : List.of(p.a(), p.b())) {
            List<String> args = new java.util.ArrayList<>(List.of("--home", h, "network", "set"));
            args.addAll(List.of(network));
            assertThat(must(args.toArray(String[]::new))).contains("saved");
        }
        return p;
    }

    @Test
    void behindTwoNatsDevicesLearnTheirPublicAddressesPunchAndSyncDirectly() throws Exception {
        assumeTrue(available(), "skipped: needs root, iproute2, nftables, stdiscosrv and coturn (CI installs them)");
        try (NatLab lab = NatLab.create()) {
            NatLab.Home homeA = lab.home(0);
            NatLab.Home homeB = lab.home(0); // no port forward: only punching lets a packet in
            String serverId = discoveryServer(lab);
            String stun = stunServer(lab);
            Pair pair = pairByIdOnly(
                    "laptop", "desktop", "--discovery", DISCOVERY, "--discovery-id", serverId, "--stun", stun);
            String a = pair.a();
            String b = pair.b();
            Path docsA = pair.docsA();
            Path docsB = pair.docsB();
            TestFiles.write(docsA.resolve("big.bin"), TestFiles.random(4, 8 << 20));
            lab.start(homeA.host(), BlockedProtocolIT.daemon(a, "run"), tmp.resolve("a.log"));
            lab.start(homeB.host(), BlockedProtocolIT.daemon(b, "run"), tmp.resolve("b.log"));

            Await.until(() -> TestFiles.tree(docsB).equals(TestFiles.tree(docsA)), "the file crossed both NATs", 150);
            JsonNode s = status(lab, homeB.host(), b);
            assertThat(s.at("/device/publicAddresses").toString()).contains(homeB.wan() + ":22000");
            JsonNode device = s.at("/devices/0");
            assertThat(device.get("path").asText()).isEqualTo("direct");
            assertThat(device.get("address").asText()).startsWith(homeA.wan() + ":");
        }
    }

    private static String home(Path tmp, String name) {
        return tmp.resolve(name).toString();
    }

    private static String must(String... args) {
        PairedHomes.Result r = PairedHomes.shoal(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    /** The daemon's status, read inside its namespace; an empty document while it does not answer. */
    private static JsonNode status(NatLab lab, String ns, String home) {
        try {
            return new ObjectMapper().readTree(lab.output(ns, BlockedProtocolIT.daemon(home, "status", "--json")));
        } catch (Exception e) {
            return new ObjectMapper().createObjectNode();
        }
    }

    /** {@code shoal network set} run inside {@code ns} next to the running daemon of {@code home}; its output. */
    private static String setDiscoveryLive(NatLab lab, String ns, String home, String serverId) throws Exception {
        return lab.output(
                ns,
                BlockedProtocolIT.daemon(home, "network", "set", "--discovery", DISCOVERY, "--discovery-id", serverId));
    }

    /** Waits as {@link Await#until}; on a timeout prints the daemons' and servers' logs, which say why. */
    private void until(java.util.function.BooleanSupplier condition, String what, long seconds) throws Exception {
        try {
            Await.until(condition, what, seconds);
        } catch (AssertionError e) {
            try (var logs = Files.list(tmp)) {
                for (Path log :
                        logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                    System.out.println("==== " + log.getFileName());
                    read(log).lines().filter(l -> !l.isBlank()).skip(0).forEach(System.out::println);
                }
            }
            throw e;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void devicesInTwoHomesFindEachOtherThroughTheServerAndSync() throws Exception {
        assumeTrue(available(), "skipped: needs root, iproute2, nftables and stdiscosrv (CI installs them)");
        try (NatLab lab = NatLab.create()) {
            NatLab.Home laptop = lab.home(0);
            NatLab.Home nas = lab.home(22000); // a port forward, as a NAS at home would have
            String serverId = discoveryServer(lab);
            Pair pair = pairByIdOnly("laptop", "nas", "--discovery", DISCOVERY, "--discovery-id", serverId);
            String a = pair.a();
            Path docsA = pair.docsA();
            Path docsB = pair.docsB();
            TestFiles.write(docsB.resolve("photos/big.bin"), TestFiles.random(1, 12 << 20));
            TestFiles.write(docsA.resolve("notes.txt"), TestFiles.random(2, 5000));
            lab.start(laptop.host(), BlockedProtocolIT.daemon(a, "run"), tmp.resolve("a.log"));
            lab.start(nas.host(), BlockedProtocolIT.daemon(pair.b(), "run"), tmp.resolve("b.log"));

            until(
                    () -> TestFiles.tree(docsA).equals(TestFiles.tree(docsB))
                            && TestFiles.tree(docsA).containsKey("photos/big.bin")
                            && TestFiles.tree(docsA).containsKey("notes.txt"),
                    "both homes have both files",
                    120);
            JsonNode s = status(lab, laptop.host(), a);
            JsonNode device = s.at("/devices/0");
            assertThat(device.get("connected").asBoolean()).isTrue();
            assertThat(device.get("address").asText()).startsWith(nas.wan() + ":");
            assertThat(device.get("path").asText()).isEqualTo("direct");
            assertThat(device.get("rttMs").isNumber()).isTrue();
            assertThat(s.at("/network/lanOnly").asBoolean()).isFalse();
            assertThat(s.at("/network/error").isNull()).isTrue();
            Await.until(
                    () -> status(lab, laptop.host(), a)
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
        assumeTrue(available(), "skipped: needs root, iproute2, nftables and stdiscosrv (CI installs them)");
        try (NatLab lab = NatLab.create()) {
            NatLab.Home home = lab.home(0);
            String serverId = discoveryServer(lab);
            String a = home(tmp, "alone");
            Path docs = Files.createDirectories(tmp.resolve("docs"));
            must("--home", a, "init", "--name", "alone", "--listen", "0.0.0.0:22000");
            String other = must("--home", home(tmp, "elsewhere"), "init", "--name", "elsewhere");
            must("--home", a, "device", "add", other);
            must("--home", a, "folder", "add", docs.toString(), "--id", "docs", "--share", other);
            TestFiles.write(docs.resolve("f.txt"), TestFiles.random(3, 1000));
            assertThat(must("--home", a, "network", "show")).contains("LAN only");
            lab.start(home.host(), BlockedProtocolIT.daemon(a, "run"), tmp.resolve("a.log"));
            Await.until(
                    () -> status(lab, home.host(), a)
                                    .at("/folders/0/localFiles")
                                    .asLong()
                            == 1,
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
                    () -> status(lab, home.host(), a)
                            .at("/network/error")
                            .asText()
                            .contains("not the one configured"),
                    "status says the server's certificate is not the configured one",
                    60);
            assertThat(status(lab, home.host(), a).at("/network/lastAnnounced").isNull())
                    .isTrue();
            assertThat(lab.output(home.host(), BlockedProtocolIT.daemon(a, "status")))
                    .contains("error: cannot announce to https://" + NatLab.SERVER);
            String applied = setDiscoveryLive(lab, home.host(), a, serverId);
            assertThat(applied).contains("Applied to the running daemon");
            Await.until(
                    () -> status(lab, home.host(), a)
                            .at("/network/lastAnnounced")
                            .isTextual(),
                    "the device announced itself to the server",
                    60);
            assertThat(lab.leftHome(home)).isPositive();
        }
    }
}
