package dev.shoal.app.daemon;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the metrics, read-only and without the API key, where the user asked ({@code shoal metrics --listen}),
 * for a Prometheus on the LAN. Nothing else is served there: no status, no control.
 */
final class MetricsListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsListener.class);

    private HttpServer server;
    private String listening;

    /** Serves {@code text} at {@code hostPort}, or nowhere when it is null; true if that changed anything. */
    synchronized boolean apply(String hostPort, Supplier<String> text) {
        if (java.util.Objects.equals(hostPort, listening)) {
            return false;
        }
        close();
        listening = hostPort;
        if (hostPort == null) {
            return true;
        }
        try {
            InetSocketAddress at = LocalNetworks.socketAddress(hostPort);
            HttpServer s = HttpServer.create(at, 16);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.createContext("/metrics", ex -> {
                try (ex) {
                    if (!ex.getRequestMethod().equals("GET")
                            || !ex.getRequestURI().getPath().equals("/metrics")) {
                        ex.sendResponseHeaders(404, -1);
                        return;
                    }
                    byte[] body = text.get().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", Metrics.CONTENT_TYPE);
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            s.start();
            server = s;
            LOG.info("metrics served at http://{}/metrics", hostPort);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot serve metrics at {}: {}", hostPort, e.getMessage());
        }
        return true;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        listening = null;
    }
}
