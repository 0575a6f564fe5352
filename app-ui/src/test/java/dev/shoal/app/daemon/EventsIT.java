package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.TestFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Events followed with long polls across a sync, as a script would: every file pulled is told, nothing missed. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventsIT {
    @TempDir
    Path tmp;

    @Test
    void aFollowerSeesTheConnectionEveryPulledFileAndTheFolderBecomingIdleWithNothingMissed() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "alpha", "beta");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())))) {
            String key = new ObjectMapper()
                    .readTree(Path.of(homes.homeB()).resolve(ApiServer.FILE).toFile())
                    .get("key")
                    .asText();
            List<JsonNode> seen = new CopyOnWriteArrayList<>();
            AtomicLong missed = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            Thread follower = Thread.ofVirtual().start(() -> follow(b.apiPort(), key, seen, missed, stop));
            try {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String name = "file-" + i + ".bin";
                    names.add(name);
                    TestFiles.write(homes.docsA().resolve(name), TestFiles.random(40 + i, 20_000 + i));
                }
                Await.until(
                        () -> names.stream()
                                .allMatch(n -> Files.exists(homes.docsB().resolve(n))),
                        "all files arrived",
                        60);
                Await.until(
                        () -> seen.stream()
                                        .filter(e -> e.path("type").asText().equals("FilePulled"))
                                        .count()
                                >= names.size(),
                        "every pull is told",
                        20);
                Await.until(
                        () -> last(seen, "FolderStateChanged")
                                .path("data")
                                .path("to")
                                .asText()
                                .equals("idle"),
                        "the folder is told idle again",
                        20);
            } finally {
                stop.set(true);
                follower.join(40_000);
            }
            assertThat(missed.get()).isZero();
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).path("id").asLong())
                        .as("ids follow each other")
                        .isEqualTo(seen.get(i - 1).path("id").asLong() + 1);
            }
            assertThat(seen.stream().map(e -> e.path("type").asText())).contains("DeviceConnected");
            JsonNode connected = seen.stream()
                    .filter(e -> e.path("type").asText().equals("DeviceConnected"))
                    .findFirst()
                    .orElseThrow();
            assertThat(connected.at("/data/device").asText()).isEqualTo(homes.idA());
            assertThat(connected.at("/data/path").asText()).isEqualTo("lan");
            assertThat(seen.stream()
                            .filter(e -> e.path("type").asText().equals("FilePulled"))
                            .map(e -> e.at("/data/name").asText())
                            .collect(Collectors.toSet()))
                    .containsAll(List.of("file-0.bin", "file-19.bin"))
                    .hasSize(20);
            assertThat(seen.stream()
                            .filter(e -> e.path("type").asText().equals("FolderStateChanged"))
                            .map(e -> e.at("/data/to").asText()))
                    .contains("syncing", "idle");

            // The CLI prints the same, once.
            String printed = PairedHomes.shoal("--home", homes.homeB(), "events", "--json")
                    .out();
            assertThat(printed.lines().filter(l -> l.contains("\"FilePulled\"")).count())
                    .isEqualTo(20);
        }
    }

    private static JsonNode last(List<JsonNode> events, String type) {
        JsonNode found = new ObjectMapper().createObjectNode();
        for (JsonNode e : events) {
            if (e.path("type").asText().equals(type)) {
                found = e;
            }
        }
        return found;
    }

    /** Long polls from the start until told to stop, as {@code shoal events --follow} does. */
    private static void follow(int port, String key, List<JsonNode> seen, AtomicLong missed, AtomicBoolean stop) {
        HttpClient http = HttpClient.newHttpClient();
        long since = 0;
        while (!stop.get()) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + port + "/rest/events?since=" + since + "&timeout=2"))
                                .header(ApiServer.KEY_HEADER, key)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode page = new ObjectMapper().readTree(r.body());
                missed.addAndGet(page.path("missed").asLong());
                page.path("events").forEach(seen::add);
                since = page.path("lastId").asLong(since);
            } catch (Exception e) {
                return;
            }
        }
    }
}
