package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.TestFiles;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's) scrapes a daemon at the address {@code shoal metrics --listen} gave it, and a
 * metric comes back through Prometheus's own query API with the value the daemon has.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrometheusIT {
    @TempDir
    Path tmp;

    @Test
    void prometheusScrapesTheDaemonAndAnswersWithItsFigures() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prometheus")), "skipped: needs prometheus (CI installs it)");
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        TestFiles.write(homes.docsA().resolve("a.bin"), TestFiles.random(21, 300_000));
        TestFiles.write(homes.docsA().resolve("b.bin"), TestFiles.random(22, 200_000));
        TestFiles.write(homes.docsA().resolve("c.txt"), TestFiles.random(23, 1000));
        int metricsPort = PairedHomes.freeUdpPort();
        String at = "127.0.0.1:" + metricsPort;
        assertThat(PairedHomes.shoal("--home", homes.homeB(), "metrics", "--listen", at)
                        .out())
                .contains("http://" + at + "/metrics");
        Process prometheus = null;
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            Await.until(() -> Files.exists(homes.docsB().resolve("c.txt")), "the files arrive", 60);
            // The local API serves them too, with the key; a scrape without it is refused.
            String local = PairedHomes.shoal("--home", homes.homeB(), "metrics").out();
            assertThat(local).contains("shoal_folder_local_files{folder=\"docs\"}");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.apiPort() + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(403);

            int promPort = PairedHomes.freeUdpPort();
            Path config = tmp.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: shoal
                        static_configs:
                          - targets: ['%s']
                    """.formatted(at));
            prometheus = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                            "--web.listen-address=127.0.0.1:" + promPort)
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("prometheus.log").toFile())
                    .start();
            String url = "http://127.0.0.1:" + promPort + "/api/v1/query?query="
                    + URLEncoder.encode("shoal_folder_local_files{folder=\"docs\"}", StandardCharsets.UTF_8);
            String[] value = new String[1];
            Await.until(
                    () -> {
                        value[0] = query(http, url);
                        return "3".equals(value[0]);
                    },
                    "Prometheus answers beta's local file count",
                    90);
            String bytes = query(
                    http,
                    "http://127.0.0.1:" + promPort + "/api/v1/query?query="
                            + URLEncoder.encode("shoal_device_bytes_received_total", StandardCharsets.UTF_8));
            assertThat(Long.parseLong(bytes))
                    .as("bytes beta received, through Prometheus")
                    .isGreaterThan(500_000);

            // Off again: the address no longer answers.
            PairedHomes.shoal("--home", homes.homeB(), "metrics", "--off");
            Await.until(() -> !answers(http, "http://" + at + "/metrics"), "the metrics address is closed", 20);
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(10, TimeUnit.SECONDS);
                prometheus.destroyForcibly();
            }
        }
    }

    /** The first result's value of an instant query, or null while there is none. */
    private static String query(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode result = new ObjectMapper().readTree(r.body()).at("/data/result");
            return result.size() == 0 ? null : result.get(0).at("/value/1").asText();
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean answers(HttpClient http, String url) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode()
                    == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
