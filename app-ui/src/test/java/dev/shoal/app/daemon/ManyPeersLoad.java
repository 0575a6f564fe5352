package dev.shoal.app.daemon;

import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.fault.ImpairedLinkIT;
import dev.shoal.engine.api.FolderStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One hub daemon (its own process, as users run it) sharing a folder of many small files with many peers
 * (each a daemon with its own home, identity, QUIC endpoint and index, run in this JVM to spare 20 JVM
 * start-ups on two cores). Measures how long the hub takes to index the folder, how long until every peer
 * holds every file, and the hub's memory and CPU. Used by {@code ManyPeersIT} (CI size) and by
 * {@code bench/load.sh} (20 peers, 100,000 files).
 */
public final class ManyPeersLoad {
    private static final String FOLDER = "load";

    public record Result(
            int peers,
            int files,
            long bytes,
            double indexSeconds,
            double firstPeerSeconds,
            double medianPeerSeconds,
            double allPeersSeconds,
            long hubPeakRssKiB,
            double hubCpuSeconds,
            long peersHeapUsedMiB) {
        public String report() {
            return String.format(
                    Locale.ROOT,
                    "hub + %d peers, %,d files (%,d bytes): hub indexed in %.1f s; peers converged: first %.1f s,"
                            + " median %.1f s, all %.1f s; hub peak RSS %,d MiB, hub CPU %.1f s;"
                            + " %d peers in one JVM: heap used %,d MiB",
                    peers,
                    files,
                    bytes,
                    indexSeconds,
                    firstPeerSeconds,
                    medianPeerSeconds,
                    allPeersSeconds,
                    hubPeakRssKiB / 1024,
                    hubCpuSeconds,
                    peers,
                    peersHeapUsedMiB);
        }
    }

    private ManyPeersLoad() {}

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path dir = Files.createTempDirectory("shoal-load");
        try {
            System.out.println(run(dir, peers, files, 3 * 3600).report());
        } finally {
            deleteTree(dir);
        }
        System.exit(0);
    }

    /** Sets up, runs and measures; fails if the peers do not all converge within {@code timeoutSeconds}. */
    public static Result run(Path dir, int peerCount, int files, int timeoutSeconds) throws Exception {
        Path hubHome = dir.resolve("hub");
        Path hubDocs = Files.createDirectories(dir.resolve("hub-docs"));
        long bytes = smallFiles(hubDocs, files);
        String hubId = TestHomes.init(hubHome, "hub").trim();
        String hubAddress = listenAddress(hubHome);

        List<Path> peerHomes = new ArrayList<>();
        List<Path> peerDocs = new ArrayList<>();
        List<String> hubFolderAdd =
                new ArrayList<>(List.of("--home", hubHome.toString(), "folder", "add", hubDocs.toString()));
        hubFolderAdd.addAll(List.of("--id", FOLDER));
        for (int i = 0; i < peerCount; i++) {
            Path home = dir.resolve("peer-" + i);
            Path docs = Files.createDirectories(dir.resolve("peer-docs-" + i));
            String id = TestHomes.init(home, "peer-" + i).trim();
            TestHomes.pairAndShare(home, hubId, hubAddress, docs, FOLDER);
            must(PairedHomes.shoal(
                    "--home", hubHome.toString(), "device", "add", id, "--address", listenAddress(home)));
            hubFolderAdd.addAll(List.of("--share", id));
            peerHomes.add(home);
            peerDocs.add(docs);
        }
        must(PairedHomes.shoal(hubFolderAdd.toArray(String[]::new)));
        // Static addresses only: 21 daemons chattering mDNS on one loopback would measure multicast, not sync.
        noMdns(hubHome);
        peerHomes.forEach(ManyPeersLoad::noMdns);

        long started = System.nanoTime();
        Process hub = KillResumeIT.daemon(hubHome.toString());
        List<Daemon> peers = new ArrayList<>();
        try {
            Await.until(() -> hubIndexed(hubHome, files), "the hub indexed the folder", timeoutSeconds);
            double indexSeconds = (System.nanoTime() - started) / 1e9;

            long peersStarted = System.nanoTime();
            for (Path home : peerHomes) {
                peers.add(Daemon.start(ShoalHome.resolve(home)));
            }
            double[] done = new double[peerCount];
            Arrays.fill(done, -1);
            long[] nextCheck = new long[peerCount];
            long[] held = new long[peerCount];
            long nextReport = System.nanoTime() + 60_000_000_000L;
            long hubPeak = 0;
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            int converged = 0;
            while (converged < peerCount) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(converged + " of " + peerCount + " peers converged in time");
                }
                Thread.sleep(250); // a polling interval, not a wait for an outcome
                hubPeak = Math.max(hubPeak, procStatus(hub.pid(), "VmRSS:"));
                for (int i = 0; i < peerCount; i++) {
                    long before = System.nanoTime();
                    if (done[i] >= 0 || before < nextCheck[i]) {
                        continue;
                    }
                    FolderStatus status = peers.get(i).engine().status(FOLDER);
                    held[i] = status.localFiles();
                    if (status.localFiles() >= files && status.needFiles() == 0) {
                        done[i] = (System.nanoTime() - peersStarted) / 1e9;
                        converged++;
                    }
                    // A status of 100,000 files costs a few hundred ms; asked of 20 peers every 250 ms it would
                    // take both cores from the sync being measured. Checks are spaced to 1/50 of the CPU.
                    nextCheck[i] = before + 50 * (System.nanoTime() - before);
                }
                if (System.nanoTime() > nextReport) {
                    nextReport += 60_000_000_000L;
                    System.out.printf(
                            Locale.ROOT,
                            "%.0f s: %d of %d peers converged, %,d of %,d copies held (as of each peer's last check)%n",
                            (System.nanoTime() - peersStarted) / 1e9,
                            converged,
                            peerCount,
                            Arrays.stream(held).sum(),
                            (long) peerCount * files);
                }
            }
            hubPeak = Math.max(hubPeak, procStatus(hub.pid(), "VmHWM:"));
            double hubCpu = cpuSeconds(hub.pid());
            for (Path docs : peerDocs) {
                if (!ImpairedLinkIT.sameTree(hubDocs, docs)) {
                    throw new AssertionError(docs + " differs from the hub's folder");
                }
            }
            double[] sorted = done.clone();
            Arrays.sort(sorted);
            Runtime rt = Runtime.getRuntime();
            return new Result(
                    peerCount,
                    files,
                    bytes,
                    indexSeconds,
                    sorted[0],
                    sorted[peerCount / 2],
                    sorted[peerCount - 1],
                    hubPeak,
                    hubCpu,
                    (rt.totalMemory() - rt.freeMemory()) >> 20);
        } finally {
            for (Daemon d : peers) {
                d.close();
            }
            hub.destroy();
            if (!hub.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
        }
    }

    /** Seeded files of 1-8 KiB in 100 directories; returns their total size. */
    static long smallFiles(Path root, int count) throws IOException {
        Random random = new Random(20);
        long total = 0;
        for (int d = 0; d < Math.min(100, count); d++) {
            Files.createDirectories(root.resolve("d" + d));
        }
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[1024 + random.nextInt(7 * 1024)];
            random.nextBytes(data);
            Files.write(root.resolve("d" + (i % 100)).resolve("f" + i + ".bin"), data);
            total += data.length;
        }
        return total;
    }

    private static boolean hubIndexed(Path hubHome, int files) {
        var s = KillResumeIT.status(hubHome.toString());
        return s != null && s.at("/folders/0/localFiles").asLong() >= files;
    }

    private static void noMdns(Path home) {
        try {
            Path config = home.resolve("config.json");
            Files.writeString(config, Files.readString(config).replace("\"mdns\" : true", "\"mdns\" : false"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String listenAddress(Path home) throws IOException {
        String json = Files.readString(home.resolve("config.json"));
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        return node.at("/device/listen").asText();
    }

    /** A field of /proc/PID/status in KiB, or 0 where there is no /proc. */
    private static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc here: memory is not reported
        }
        return 0;
    }

    /** User + system CPU seconds of a process (clock ticks of 1/100 s), or 0 where there is no /proc. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void must(PairedHomes.Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException("setup command failed: " + r.err());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
