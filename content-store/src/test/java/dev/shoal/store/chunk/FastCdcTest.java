package dev.shoal.store.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastCdcTest {
    private static final int MIB = 1024 * 1024;
    private final ChunkHasher hasher = new ChunkHasher();

    @TempDir
    Path dir;

    static byte[] random(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private Manifest hashFile(byte[] data, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, data);
        return hasher.hash(file);
    }

    private static Set<Hash> hashes(Manifest m) {
        return m.chunks().stream().map(Chunk::hash).collect(Collectors.toSet());
    }

    private static int newChunks(Manifest before, Manifest after) {
        Set<Hash> old = hashes(before);
        return (int)
                after.chunks().stream().filter(c -> !old.contains(c.hash())).count();
    }

    @Test
    void insertingAtTheStartOfA64MiBFileChangesAtMostThreeChunks() throws IOException {
        byte[] original = random(7, 64 * MIB);
        byte[] inserted = new byte[original.length + 100];
        System.arraycopy(random(8, 100), 0, inserted, 0, 100);
        System.arraycopy(original, 0, inserted, 100, original.length);

        Manifest before = hashFile(original, "a");
        Manifest after = hashFile(inserted, "b");

        assertThat(before.chunks()).hasSizeGreaterThan(300);
        assertThat(newChunks(before, after)).isLessThanOrEqualTo(3);
        assertThat(newChunks(after, before)).isLessThanOrEqualTo(3);
    }

    @Test
    void appendingChangesAtMostTwoChunks() throws IOException {
        byte[] original = random(9, 64 * MIB);
        byte[] appended = new byte[original.length + 300_000];
        System.arraycopy(original, 0, appended, 0, original.length);
        System.arraycopy(random(10, 300_000), 0, appended, original.length, 300_000);

        Manifest before = hashFile(original, "a");
        Manifest after = hashFile(appended, "b");
        // Only the old tail chunk may be lost; everything before it is reused.
        assertThat(newChunks(after, before)).isLessThanOrEqualTo(2);
        long reusedBytes = after.chunks().stream()
                .filter(c -> hashes(before).contains(c.hash()))
                .mapToLong(Chunk::size)
                .sum();
        assertThat(reusedBytes).isGreaterThan(original.length - ChunkParams.V1.maxSize() * 2L);
    }

    @Test
    void identicalFilesShareAllChunksAndTheFileHash() throws IOException {
        byte[] data = random(11, 5 * MIB + 17);
        Manifest a = hashFile(data, "a");
        Manifest b = hashFile(data, "b");
        assertThat(b.chunks()).isEqualTo(a.chunks());
        assertThat(b.fileHash()).isEqualTo(a.fileHash());
    }

    @Test
    void chunksRespectTheSizeBoundsAndCoverTheFile() {
        byte[] data = random(12, 20 * MIB + 5);
        Manifest m = hasher.hash(data);
        long offset = 0;
        for (int i = 0; i < m.chunks().size(); i++) {
            Chunk c = m.chunks().get(i);
            assertThat(c.offset()).isEqualTo(offset);
            assertThat(c.size()).isLessThanOrEqualTo(ChunkParams.V1.maxSize());
            if (i < m.chunks().size() - 1) {
                assertThat(c.size()).isGreaterThan(ChunkParams.V1.minSize());
            }
            assertThat(c.hash().matches(data, (int) c.offset(), c.size())).isTrue();
            offset += c.size();
        }
        assertThat(offset).isEqualTo(data.length);
        assertThat(m.size()).isEqualTo(data.length);
        // Normalized chunking keeps the mean near the target average.
        double mean = (double) data.length / m.chunks().size();
        assertThat(mean).isBetween(100_000.0, 200_000.0);
    }

    @Test
    void streamingGivesTheSameChunksHoweverReadsAreSplit() throws IOException {
        byte[] data = random(13, 10 * MIB + 333);
        Manifest whole = hasher.hash(data);
        InputStream dribble = new FilterInputStream(new ByteArrayInputStream(data)) {
            private final Random r = new Random(1);

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(70_000)));
            }
        };
        assertThat(hasher.hash(dribble, 10).chunks()).isEqualTo(whole.chunks());
        assertThat(hasher.hash(new ByteArrayInputStream(data), Long.MAX_VALUE).fileHash())
                .isEqualTo(whole.fileHash());
    }

    @Test
    void emptyAndTinyInputs() {
        assertThat(hasher.hash(new byte[0]).chunks()).isEmpty();
        assertThat(hasher.hash(new byte[0]).fileHash())
                .isEqualTo(Manifest.empty(1).fileHash());
        Manifest one = hasher.hash(new byte[] {42});
        assertThat(one.chunks()).singleElement().satisfies(c -> assertThat(c.size())
                .isEqualTo(1));
    }

    @Test
    void manifestEncodingRoundTripsAndRejectsGarbage() {
        Manifest m = hasher.hash(random(14, 3 * MIB));
        assertThat(Manifest.decode(m.encode())).isEqualTo(m);
        byte[] truncated = java.util.Arrays.copyOf(m.encode(), m.encode().length - 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifest.decode(truncated))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Golden vectors: chunk boundaries and hashes of a fixed seeded input. If this fails, the chunker changed
     * and chunks would no longer be reused between versions: bump {@link ChunkParams#version} instead.
     */
    @Test
    void goldenVectors() {
        assertThat(gearDigest()).isEqualTo(GOLDEN_GEAR);
        Manifest m = hasher.hash(random(2026, 4 * MIB));
        assertThat(m.chunks().stream().map(Chunk::size).toList()).isEqualTo(GOLDEN_SIZES);
        assertThat(m.chunks().getFirst().hash().hex()).isEqualTo(GOLDEN_FIRST_CHUNK);
        assertThat(m.fileHash().hex()).isEqualTo(GOLDEN_FILE_HASH);
        assertThat(new HashSet<>(m.chunks())).hasSize(m.chunks().size());
    }

    static String gearDigest() {
        ByteBuffer buf = ByteBuffer.allocate(256 * 8);
        for (long g : Gear.table()) {
            buf.putLong(g);
        }
        return Hash.sha256(buf.array(), 0, buf.capacity()).hex();
    }

    static final String GOLDEN_GEAR = "4ea68338d635696bc57a74b884418550f24adc39ef4e2200dce0c7ff558c3385";
    static final List<Integer> GOLDEN_SIZES = List.of(
            143822, 94177, 140571, 137638, 139486, 144355, 135408, 45682, 64701, 152532, 214673, 37535, 165926, 154787,
            95890, 171081, 49851, 158458, 170490, 143563, 177752, 193292, 182985, 170489, 169788, 137425, 147384,
            198221, 158313, 55037, 42992);
    static final String GOLDEN_FIRST_CHUNK = "83889cf1a53a1ac95a19a5dca2562348d72a2de4a5f87fd208c766bf97b53c15";
    static final String GOLDEN_FILE_HASH = "81e331d53f39a1193957be21acb5d80ad270ec4678dfe3a8f008cd889383ee99";
}
