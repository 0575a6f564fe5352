package dev.shoal.store.bench;

import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.chunk.ChunkParams;
import dev.shoal.store.chunk.FastCdc;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.scan.ScanResult;
import dev.shoal.store.scan.Scanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

/**
 * Content-store benchmark: prints throughput figures and their ratios to a baseline measured in the same run.
 * Run through {@code bench/store-bench.sh} (see the README for the figures of the reference machine).
 */
public final class StoreBench {
    private static final double MB = 1_000_000.0;
    private static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : "/tmp"), "shoal-bench");
        boolean quick = Arrays.asList(args).contains("--quick");
        System.out.printf(
                Locale.ROOT,
                "# Shoal content-store benchmark (%d cores, %s)%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        try {
            chunking(quick ? 64 : 256);
            if (Arrays.asList(args).contains("--chunking-only")) {
                return;
            }
            largeFileScan(work, quick ? 256 : 1024);
            manyFiles(work, quick ? 20_000 : 100_000);
            manyFiles(work, 10_000);
        } finally {
            deleteTree(work);
        }
    }

    /** SHA-256 alone vs cut points alone vs chunk+hash (1 thread and a 2-thread pool), same bytes. */
    static void chunking(int mib) throws Exception {
        byte[] data = new byte[mib << 20];
        new Random(1).nextBytes(data);
        ChunkHasher hasher = new ChunkHasher();
        FastCdc cdc = new FastCdc(ChunkParams.V1);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<double[]> rounds = new ArrayList<>();
        for (int r = 0; r < ROUNDS + 1; r++) { // first round is warm-up
            double shaRate = rate(data.length, () -> sha.digest(data));
            double cutRate = rate(data.length, () -> {
                int pos = 0;
                while (pos < data.length) {
                    pos += cdc.cut(data, pos, data.length - pos);
                }
            });
            double oneThread = rate(data.length, () -> hasher.hash(data));
            double streamed = rate(data.length, () -> hashStream(hasher, data));
            double parallel = rate(data.length, () -> pool.submit(() -> hashStream(hasher, data))
                    .join());
            if (r > 0) {
                rounds.add(new double[] {shaRate, cutRate, oneThread, parallel, streamed});
            }
        }
        pool.shutdown();
        double sha256 = median(rounds, 0);
        double cut = median(rounds, 1);
        double one = median(rounds, 2);
        double par = median(rounds, 3);
        double stream = median(rounds, 4);
        System.out.printf(Locale.ROOT, "%nchunking (%d MiB in memory, median of %d):%n", mib, ROUNDS);
        System.out.printf(Locale.ROOT, "  plain SHA-256 (MessageDigest, 1 thread)   %8.0f MB/s  (baseline)%n", sha256);
        System.out.printf(Locale.ROOT, "  FastCDC cut points only                   %8.0f MB/s%n", cut);
        System.out.printf(
                Locale.ROOT,
                "  chunk + hash, 1 thread                    %8.0f MB/s  cost over SHA-256 alone: %+.1f %%%n",
                one,
                (sha256 / one - 1) * 100);
        System.out.printf(
                Locale.ROOT,
                "  same through the streaming reader (+copy) %8.0f MB/s  cost over SHA-256 alone: %+.1f %%%n",
                stream,
                (sha256 / stream - 1) * 100);
        System.out.printf(
                Locale.ROOT,
                "  chunk + hash, %d-thread pool               %8.0f MB/s  ratio to SHA-256 alone: %.2fx%n",
                Runtime.getRuntime().availableProcessors(),
                par,
                par / sha256);
    }

    private static void hashStream(ChunkHasher hasher, byte[] data) {
        try {
            hasher.hash(new ByteArrayInputStream(data), data.length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scanning one large file vs sha256sum of the same file (page cache warm for both). */
    static void largeFileScan(Path work, int mib) throws Exception {
        Path dir = Files.createDirectories(work.resolve("large"));
        Path file = dir.resolve("large.bin");
        writeRandom(file, (long) mib << 20, 2);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        List<double[]> rounds = new ArrayList<>();
        for (int r = 0; r < ROUNDS + 1; r++) {
            Path db = work.resolve("large-" + r + ".db");
            double scan;
            try (Index index = Index.open(db)) {
                Folder folder = index.addFolder("large", dir);
                long t = System.nanoTime();
                new Scanner(index, new ChunkHasher(), pool, 1).scan(folder);
                scan = file.toFile().length() / MB / ((System.nanoTime() - t) / 1e9);
            }
            long t = System.nanoTime();
            Process p = new ProcessBuilder("sha256sum", file.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            double sum = file.toFile().length() / MB / ((System.nanoTime() - t) / 1e9);
            deleteTree(dir.resolve(".shoal"));
            if (r > 0) {
                rounds.add(new double[] {scan, sum});
            }
        }
        pool.shutdown();
        double scan = median(rounds, 0);
        double sum = median(rounds, 1);
        System.out.printf(Locale.ROOT, "%nscan of one %d MiB file (median of %d, page cache warm):%n", mib, ROUNDS);
        System.out.printf(Locale.ROOT, "  sha256sum                                 %8.0f MB/s  (baseline)%n", sum);
        System.out.printf(
                Locale.ROOT,
                "  Shoal scan (chunk + hash + index)         %8.0f MB/s  ratio: %.2fx%n",
                scan,
                scan / sum);
        Files.delete(file);
    }

    /** Initial scan and unchanged rescan of a tree of many small files. */
    static void manyFiles(Path work, int count) throws Exception {
        Path dir = Files.createDirectories(work.resolve("tree-" + count));
        Random random = new Random(3);
        byte[] buf = new byte[8192];
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            Path d = dir.resolve("d" + (i % 100)).resolve("e" + (i / 100 % 10));
            if (i < 1000) {
                Files.createDirectories(d);
            }
            int size = 512 + random.nextInt(3584);
            random.nextBytes(buf);
            try (OutputStream out = Files.newOutputStream(d.resolve("f" + i))) {
                out.write(buf, 0, size);
            }
            bytes += size;
        }
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try (Index index = Index.open(work.resolve("tree-" + count + ".db"))) {
            Folder folder = index.addFolder("tree", dir);
            Scanner scanner = new Scanner(index, new ChunkHasher(), pool, 1);
            long t = System.nanoTime();
            ScanResult first = scanner.scan(folder);
            double initial = (System.nanoTime() - t) / 1e9;
            double[] rescans = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                t = System.nanoTime();
                ScanResult again = scanner.scan(folder);
                rescans[r] = (System.nanoTime() - t) / 1e9;
                if (again.hashed() != 0) {
                    throw new IllegalStateException("unchanged rescan hashed " + again.hashed() + " files");
                }
            }
            Arrays.sort(rescans);
            System.out.printf(
                    Locale.ROOT, "%ntree of %,d files (%.0f MB, %,d records):%n", count, bytes / MB, first.changed());
            System.out.printf(
                    Locale.ROOT,
                    "  initial scan                              %8.2f s  (%,.0f files/s)%n",
                    initial,
                    count / initial);
            System.out.printf(
                    Locale.ROOT,
                    "  unchanged rescan (median of %d)            %8.2f s  (%,.0f files/s)%n",
                    ROUNDS,
                    rescans[ROUNDS / 2],
                    count / rescans[ROUNDS / 2]);
        } finally {
            pool.shutdown();
            deleteTree(dir);
        }
    }

    private static double rate(long bytes, Runnable work) {
        long t = System.nanoTime();
        work.run();
        return bytes / MB / ((System.nanoTime() - t) / 1e9);
    }

    private static double median(List<double[]> rounds, int column) {
        double[] v = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }

    private static void writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
