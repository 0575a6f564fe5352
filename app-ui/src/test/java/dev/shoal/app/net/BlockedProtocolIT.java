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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons on two hosts (network namespaces joined by a 1500-MTU veth) whose firewalls drop one protocol: with
 * UDP dropped they pair and sync over TLS on TCP, with TCP dropped over QUIC, and {@code status --json} names the
 * transport each uses.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BlockedProtocolIT {
    @TempDir
    Path tmp;

    @Test
    void withUdpDroppedDevicesSyncOverTcp() throws Exception {
        syncWith("udp", "tcp");
    }

    @Test
    void withTcpDroppedDevicesSyncOverQuic() throws Exception {
        syncWith("tcp", "quic");
    }

    private void syncWith(String dropped, String expectedTransport) throws Exception {
        assumeTrue(NetnsLab.available(), "skipped: needs root, iproute2 and nftables (CI has them)");
        try (NetnsLab lab = NetnsLab.create()) {
            lab.drop(dropped);
            PairedHomes homes = PairedHomes.create(
                    tmp, "home-a", "home-b", NetnsLab.ADDRESS_A + ":22000", NetnsLab.ADDRESS_B + ":22000");
            TestFiles.write(homes.docsA().resolve("big.bin"), TestFiles.random(1, 24 << 20));
            for (int i = 0; i < 50; i++) {
                TestFiles.write(homes.docsA().resolve("small/f" + i + ".txt"), TestFiles.random(100 + i, 1000 + i));
            }
            lab.start(lab.nsA, daemon(homes.homeA(), "run"), tmp.resolve("a.log"));
            lab.start(lab.nsB, daemon(homes.homeB(), "run"), tmp.resolve("b.log"));

            Await.until(
                    () -> TestFiles.tree(homes.docsB()).equals(TestFiles.tree(homes.docsA())),
                    "b has a's files over " + expectedTransport,
                    120);
            JsonNode status =
                    new ObjectMapper().readTree(lab.output(lab.nsB, daemon(homes.homeB(), "status", "--json")));
            JsonNode device = status.at("/devices/0");
            assertThat(device.get("connected").asBoolean()).isTrue();
            assertThat(device.get("transport").asText()).isEqualTo(expectedTransport);
            assertThat(device.get("address").asText()).startsWith(NetnsLab.ADDRESS_A + ":");
        }
    }

    /** The app jar run with {@code args} by this JVM's java (inside a namespace, through the lab). */
    static List<String> daemon(String home, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String line : Files.readAllLines(Path.of("..", "bin", "jvm.options"))) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                command.add(line.strip());
            }
        }
        command.addAll(List.of(
                "-jar", Path.of("target", "shoal-app.jar").toAbsolutePath().toString(), "--home", home));
        command.addAll(List.of(args));
        return command;
    }
}
