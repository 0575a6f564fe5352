package dev.shoal.discovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs a {@link DiscoveryProbe} in a child JVM (optionally inside a network namespace) and reads its events. */
final class ProbeProcess implements AutoCloseable {
    final Process process;
    final String id;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    ProbeProcess(String namespace, String bindAddress, String name, int port) throws IOException, InterruptedException {
        this(namespace, bindAddress, name, port, List.of());
    }

    ProbeProcess(String namespace, String bindAddress, String name, int port, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (namespace != null) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.net.preferIPv4Stack=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                DiscoveryProbe.class.getName(),
                bindAddress,
                name,
                Integer.toString(port)));
        process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        String first = lines.poll(30, TimeUnit.SECONDS);
        if (first == null || !first.startsWith("ID ")) {
            close();
            throw new IllegalStateException("probe did not start: " + first);
        }
        id = first.substring(3);
    }

    /** Waits (bounded) for an event line starting with {@code prefix}; returns it, or null on timeout. */
    String await(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** SIGTERM: the probe's shutdown hook sends the mDNS goodbye. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: no goodbye; peers must notice by themselves. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
