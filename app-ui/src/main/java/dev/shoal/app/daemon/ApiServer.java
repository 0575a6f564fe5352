package dev.shoal.app.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.app.ShoalHome;
import dev.shoal.store.fs.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The local REST API on 127.0.0.1 (a free port), for the CLI, the GUI and scripts. Every call must carry the
 * API key from {@code HOME/api.json} (owner-only) in {@code X-API-Key}; the file also says which port.
 */
public final class ApiServer implements AutoCloseable {
    public static final String FILE = "api.json";
    public static final String KEY_HEADER = "X-API-Key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Daemon daemon;
    private final String key;
    private HttpServer server;

    ApiServer(ShoalHome home, Daemon daemon) {
        this.file = home.dir().resolve(FILE);
        this.daemon = daemon;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.key = HexFormat.of().formatHex(random);
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", this::metrics);
        server.createContext("/rest/events", ex -> handle(ex, "GET", () -> events(ex)));
        server.createContext("/rest/status", ex -> handle(ex, "GET", () -> StatusJson.of(daemon)));
        server.createContext("/rest/rescan", ex -> handle(ex, "POST", () -> rescan(ex)));
        server.createContext("/rest/device/remove", ex -> handle(ex, "POST", () -> removeDevice(ex)));
        server.createContext("/rest/config/reload", ex -> handle(ex, "POST", this::reload));
        server.createContext("/rest/conflicts", ex -> handle(ex, "GET", () -> conflicts(ex)));
        server.createContext("/rest/versions/restore", ex -> handle(ex, "POST", () -> restore(ex)));
        server.createContext("/rest/versions/clean", ex -> handle(ex, "POST", () -> cleanVersions(ex)));
        server.createContext("/rest/versions", ex -> handle(ex, "GET", () -> versions(ex)));
        FolderApi folders = new FolderApi(daemon);
        server.createContext("/rest/folder/remove", ex -> handle(ex, "POST", () -> folders.remove(query(ex))));
        server.createContext("/rest/folder/edit", ex -> handle(ex, "POST", () -> folders.edit(query(ex))));
        server.createContext("/rest/folder/accept", ex -> handle(ex, "POST", () -> folders.accept(query(ex))));
        server.createContext("/rest/folder/decline", ex -> handle(ex, "POST", () -> folders.decline(query(ex))));
        server.createContext("/rest/device/edit", ex -> handle(ex, "POST", () -> folders.editDevice(query(ex))));
        server.createContext("/rest/folder/override", ex -> handle(ex, "POST", () -> folderAction(ex, true)));
        server.createContext("/rest/folder/revert", ex -> handle(ex, "POST", () -> folderAction(ex, false)));
        server.start();
        AtomicFiles.write(file, JSON.writeValueAsBytes(Map.of("port", port(), "key", key)), true);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private Object reload() {
        try {
            return Map.of("applied", daemon.reload());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Object conflicts(HttpExchange ex) {
        var engine = daemon.engine();
        var ids = folderIds(ex);
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (String id : ids) {
            engine.conflicts(id).forEach(c -> out.add(StatusJson.conflict(c)));
        }
        return Map.of("conflicts", out);
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new java.util.HashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(
                            java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** The folder the request names ({@code ?folder=ID}), or every folder when it names none. */
    private java.util.List<String> folderIds(HttpExchange ex) {
        String folder = query(ex).get("folder");
        return folder == null ? daemon.engine().folderIds() : java.util.List.of(folder);
    }

    /** POST /rest/device/remove?id=ID: unpairs a device, as {@code shoal device remove} does. */
    private Object removeDevice(HttpExchange ex) {
        String id = query(ex).get("id");
        if (id == null) {
            throw new IllegalArgumentException("device remove needs id");
        }
        dev.shoal.engine.spi.DeviceId device;
        try {
            device = dev.shoal.engine.spi.DeviceId.parse(id);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + id + "' is not a valid device ID: " + e.getMessage());
        }
        try {
            return Map.of("removed", device.toString(), "applied", daemon.removeDevice(device));
        } catch (dev.shoal.app.config.InvalidConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Object versions(HttpExchange ex) {
        var engine = daemon.engine();
        var ids = folderIds(ex);
        java.util.List<Object> out = new java.util.ArrayList<>();
        try {
            for (String id : ids) {
                for (var v : engine.versions(id)) {
                    out.add(Map.of(
                            "folder",
                            id,
                            "name",
                            v.name(),
                            "archivedAt",
                            v.archivedAt().toString(),
                            "size",
                            v.size(),
                            "device",
                            v.device()));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("versions", out);
    }

    /** Applies the versioning of each folder asked for (all without {@code folder}) now, not at the hourly run. */
    private Object cleanVersions(HttpExchange ex) {
        Map<String, Object> removed = new java.util.LinkedHashMap<>();
        try {
            for (String id : folderIds(ex)) {
                removed.put(id, daemon.engine().cleanVersions(id));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("removed", removed);
    }

    private Object restore(HttpExchange ex) {
        Map<String, String> q = query(ex);
        String folder = q.get("folder");
        String name = q.get("name");
        if (folder == null || name == null) {
            throw new IllegalArgumentException("restore needs folder and name");
        }
        String at = q.get("at");
        try {
            var v = daemon.engine().restore(folder, name, at == null ? null : java.time.LocalDateTime.parse(at));
            return Map.of("restored", v.name(), "archivedAt", v.archivedAt().toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + at + "' is not a time like 2026-11-21T09:30:00");
        }
    }

    private Object folderAction(HttpExchange ex, boolean override) {
        String folder = query(ex).get("folder");
        var spec = daemon.engine()
                .spec(folder == null ? "" : folder)
                .orElseThrow(() -> new IllegalArgumentException("no folder with ID '" + folder + "'"));
        var needed =
                override ? dev.shoal.engine.api.FolderType.SEND_ONLY : dev.shoal.engine.api.FolderType.RECEIVE_ONLY;
        if (spec.type() != needed) {
            throw new IllegalArgumentException(
                    "folder '" + folder + "' is " + spec.type().label() + "; " + (override ? "override" : "revert")
                            + " applies to " + needed.label() + " folders");
        }
        if (override) {
            daemon.engine().overrideRemote(folder);
        } else {
            daemon.engine().revertLocal(folder);
        }
        return Map.of("folder", folder);
    }

    private Object rescan(HttpExchange ex) {
        var engine = daemon.engine();
        var ids = folderIds(ex);
        for (String id : ids) {
            if (!engine.rescan(id)) {
                throw new IllegalArgumentException("no folder with ID '" + id + "'");
            }
        }
        return Map.of("rescanning", ids);
    }

    private void handle(HttpExchange ex, String method, java.util.function.Supplier<Object> body) throws IOException {
        try (ex) {
            String given = ex.getRequestHeaders().getFirst(KEY_HEADER);
            if (given == null
                    || !MessageDigest.isEqual(
                            given.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
                send(ex, 403, Map.of("error", "missing or wrong API key"));
                return;
            }
            if (!ex.getRequestMethod().equals(method)) {
                send(ex, 405, Map.of("error", "use " + method));
                return;
            }
            try {
                send(ex, 200, body.get());
            } catch (IllegalArgumentException e) {
                send(ex, 404, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                send(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
            }
        }
    }

    /**
     * GET /rest/events?since=N&timeout=S: the events after id N (0: all kept), waiting up to S seconds (default
     * 30, at most 60) for one; {@code missed} counts events dropped before this client read them.
     */
    private Object events(HttpExchange ex) {
        Map<String, String> q = query(ex);
        long since;
        long timeout;
        try {
            since = Long.parseLong(q.getOrDefault("since", "0"));
            timeout = Math.min(60, Math.max(0, Long.parseLong(q.getOrDefault("timeout", "30"))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("since and timeout are whole numbers");
        }
        try {
            EventLog.Page page = daemon.events().since(since, java.time.Duration.ofSeconds(timeout), 1000);
            java.util.List<Object> out = new java.util.ArrayList<>();
            for (EventLog.Event e : page.events()) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("id", e.id());
                m.put("time", e.time().toString());
                m.put("type", e.type());
                m.put("data", e.data());
                out.add(m);
            }
            return Map.of("events", out, "missed", page.missed(), "lastId", page.lastId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** GET /metrics: the API key as X-API-Key or as a bearer token (what Prometheus can send). */
    private void metrics(HttpExchange ex) throws IOException {
        try (ex) {
            String given = ex.getRequestHeaders().getFirst(KEY_HEADER);
            String bearer = ex.getRequestHeaders().getFirst("Authorization");
            if (given == null && bearer != null && bearer.startsWith("Bearer ")) {
                given = bearer.substring(7).strip();
            }
            if (given == null
                    || !MessageDigest.isEqual(
                            given.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
                send(ex, 403, Map.of("error", "missing or wrong API key"));
                return;
            }
            byte[] body = daemon.metricsText().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", Metrics.CONTENT_TYPE);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void send(HttpExchange ex, int code, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale file only makes 'status' try a dead port and say the daemon is not running
        }
    }
}
