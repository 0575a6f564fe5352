package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.cli.ShoalCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two daemons set up with the CLI, syncing on 127.0.0.1, driven through the local API like a script would. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DaemonIT {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    static Result shoal(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = ShoalCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString().trim(), err.toString().trim());
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        dev.shoal.app.Await.until(condition, what, 60);
    }

    static boolean sameBytes(Path a, Path b) {
        try {
            return Files.exists(b) && Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void twoDaemonsSyncAndReportThroughTheApi() throws Exception {
        String homeA = tmp.resolve("home-a").toString();
        String homeB = tmp.resolve("home-b").toString();
        Path docsA = Files.createDirectories(tmp.resolve("docs-a"));
        Path docsB = Files.createDirectories(tmp.resolve("docs-b"));
        String portA = "127.0.0.1:" + freeUdpPort();
        String portB = "127.0.0.1:" + freeUdpPort();
        String idA = shoal("--home", homeA, "init", "--name", "alpha", "--listen", portA)
                .out();
        String idB = shoal("--home", homeB, "init", "--name", "beta", "--listen", portB)
                .out();
        assertThat(shoal("--home", homeA, "device", "add", idB, "--address", portB)
                        .code())
                .isZero();
        assertThat(shoal("--home", homeB, "device", "add", idA, "--address", portA)
                        .code())
                .isZero();
        assertThat(shoal("--home", homeA, "folder", "add", docsA.toString(), "--id", "docs", "--share", idB)
                        .code())
                .isZero();
        assertThat(shoal("--home", homeB, "folder", "add", docsB.toString(), "--id", "docs", "--share", idA)
                        .code())
                .isZero();
        byte[] photo = new byte[3_000_000];
        new Random(1).nextBytes(photo);
        Files.write(docsA.resolve("photo.raw"), photo);

        assertThat(shoal("--home", homeA, "status").err()).contains("not running");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homeA)));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homeB)))) {
            await(() -> sameBytes(docsA.resolve("photo.raw"), docsB.resolve("photo.raw")), "b has the photo");

            Result status = shoal("--home", homeB, "status", "--json");
            assertThat(status.code()).isZero();
            JsonNode json = new ObjectMapper().readTree(status.out());
            assertThat(json.at("/device/id").asText()).isEqualTo(idB);
            JsonNode folder = json.at("/folders/0");
            assertThat(folder.get("id").asText()).isEqualTo("docs");
            assertThat(folder.get("localFiles").asLong()).isEqualTo(1);
            assertThat(folder.get("localBytes").asLong()).isEqualTo(photo.length);
            assertThat(folder.get("needFiles").asLong()).isZero();
            assertThat(folder.get("state").asText()).isIn("idle", "syncing", "scanning");
            assertThat(folder.at("/peers/0/device").asText()).isEqualTo(idA);
            JsonNode device = json.at("/devices/0");
            assertThat(device.get("connected").asBoolean()).isTrue();
            assertThat(device.get("bytesReceived").asLong()).isGreaterThan(photo.length);
            assertThat(json.get("pendingDevices")).isEmpty();

            Files.writeString(docsB.resolve("reply.txt"), "got it");
            assertThat(shoal("--home", homeB, "rescan", "docs").code()).isZero();
            await(() -> Files.exists(docsA.resolve("reply.txt")), "a has b's reply");
            assertThat(shoal("--home", homeB, "rescan", "nope").err()).contains("no folder with ID 'nope'");
        }
        assertThat(shoal("--home", homeB, "status").err()).contains("not running");
    }
}
