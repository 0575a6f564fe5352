package dev.shoal.app.daemon;

import dev.shoal.app.config.Config;
import dev.shoal.engine.api.Activity;
import dev.shoal.engine.api.FolderStatus;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's figures in Prometheus's text format (version 0.0.4): traffic and round-trip time per device,
 * what each folder needs and holds, pulls and errors per folder, the index's size, the JVM's heap. Device names
 * come from peers, so every label value is escaped.
 */
public final class Metrics {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Files pulled, deleted or conflicted per folder because of another device, since the daemon started. */
    private final Map<String, AtomicLong> pulls = new ConcurrentHashMap<>();

    /** Counts {@code a} (called for every engine activity). */
    void record(Activity a) {
        pulls.computeIfAbsent(a.folder(), f -> new AtomicLong()).incrementAndGet();
    }

    String scrape(Daemon d) {
        StringBuilder out = new StringBuilder(4096);
        Family sent =
                new Family(out, "shoal_device_bytes_sent_total", "counter", "Bytes sent to a device since start.");
        Family received = new Family(
                out, "shoal_device_bytes_received_total", "counter", "Bytes received from a device since start.");
        Family connected = new Family(out, "shoal_device_connected", "gauge", "1 while the device is connected.");
        Family rtt = new Family(out, "shoal_device_rtt_seconds", "gauge", "Round-trip time of the device's session.");
        for (Config.PeerDevice p : d.config().devices()) {
            DeviceId id = DeviceId.parse(p.id());
            Optional<PeerConnection> c = d.pool().connection(id);
            String transport = c.map(PeerConnection::transport).orElse("none");
            long[] bytes = d.bytesExchanged(id);
            String device = labels("device", p.id(), "name", p.name(), "transport", transport);
            sent.add(device, bytes[0]);
            received.add(device, bytes[1]);
            connected.add(labels("device", p.id(), "name", p.name()), c.isPresent() ? 1 : 0);
            c.ifPresent(x -> rtt.add(
                    labels("device", p.id(), "path", d.paths().path(x)),
                    x.stats().rttMillis() / 1000.0));
        }
        Family needFiles = new Family(out, "shoal_folder_need_files", "gauge", "Files the folder still needs.");
        Family needBytes = new Family(out, "shoal_folder_need_bytes", "gauge", "Bytes the folder still needs.");
        Family localFiles = new Family(out, "shoal_folder_local_files", "gauge", "Files the folder holds.");
        Family localBytes = new Family(out, "shoal_folder_local_bytes", "gauge", "Bytes the folder holds.");
        Family errors = new Family(out, "shoal_folder_errors", "gauge", "Files the folder cannot sync now.");
        Family pulled = new Family(
                out, "shoal_folder_pulls_total", "counter", "Files changed because of another device since start.");
        for (String id : d.engine().folderIds()) {
            FolderStatus s = d.engine().status(id);
            String folder = labels("folder", id);
            needFiles.add(folder, s.needFiles());
            needBytes.add(folder, s.needBytes());
            localFiles.add(folder, s.localFiles());
            localBytes.add(folder, s.localBytes());
            errors.add(folder, s.errors().size());
            pulled.add(folder, pulls.getOrDefault(id, new AtomicLong()).get());
        }
        new Family(out, "shoal_index_size_bytes", "gauge", "Size of the SQLite index file.").add("", indexSize(d));
        new Family(out, "shoal_jvm_heap_used_bytes", "gauge", "Java heap in use.")
                .add(
                        "",
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return out.toString();
    }

    private static long indexSize(Daemon d) {
        try {
            return java.nio.file.Files.size(d.indexFile());
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** {@code {k1="v1",k2="v2"}} with each value escaped as the format asks. */
    static String labels(String... pairs) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            String v = pairs[i + 1] == null ? "" : pairs[i + 1];
            b.append(pairs[i]).append("=\"");
            v.codePoints().forEach(cp -> {
                switch (cp) {
                    case '\\' -> b.append("\\\\");
                    case '"' -> b.append("\\\"");
                    case '\n' -> b.append("\\n");
                    default -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp);
                }
            });
            b.append('"');
        }
        return b.append('}').toString();
    }

    /** One metric family: its HELP and TYPE lines, then samples. */
    private static final class Family {
        private final StringBuilder out;
        private final String name;

        Family(StringBuilder out, String name, String type, String help) {
            this.out = out;
            this.name = name;
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        void add(String labels, double value) {
            out.append(name).append(labels).append(' ');
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                out.append((long) value);
            } else {
                out.append(value);
            }
            out.append('\n');
        }
    }
}
