package dev.shoal.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.ApiServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Talks to the running daemon of a home through its local API; says clearly when none is running. */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ShoalHome home;

    ApiClient(ShoalHome home) {
        this.home = home;
    }

    /** {@code ?folder=ID} for a folder given on the command line, or nothing (meaning all folders). */
    static String folderQuery(String folder) {
        return folder == null
                ? ""
                : "?folder=" + java.net.URLEncoder.encode(folder, java.nio.charset.StandardCharsets.UTF_8);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return call("GET", path);
    }

    /** A GET that may take up to {@code timeout} (a long poll). */
    JsonNode get(String path, Duration timeout) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", path, timeout));
    }

    JsonNode post(String path) throws IOException, InterruptedException {
        return call("POST", path);
    }

    /** A GET whose answer is text (the metrics), as it is. */
    String text(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    private JsonNode call(String method, String path) throws IOException, InterruptedException {
        return JSON.readTree(send(method, path));
    }

    private String send(String method, String path) throws IOException, InterruptedException {
        return send(method, path, Duration.ofSeconds(10));
    }

    private String send(String method, String path, Duration timeout) throws IOException, InterruptedException {
        Path file = home.dir().resolve(ApiServer.FILE);
        if (!Files.exists(file)) {
            throw notRunning();
        }
        JsonNode api = JSON.readTree(file.toFile());
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.get("port").asInt() + path))
                .header(ApiServer.KEY_HEADER, api.get("key").asText())
                .timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                JsonNode body = JSON.readTree(response.body());
                throw new UserError(body.path("error").asText("the daemon answered " + response.statusCode()));
            }
            return response.body();
        } catch (ConnectException e) {
            throw notRunning();
        }
    }

    private UserError notRunning() {
        return new UserError("Shoal is not running for " + home.dir() + ". Start it with: shoal run");
    }
}
