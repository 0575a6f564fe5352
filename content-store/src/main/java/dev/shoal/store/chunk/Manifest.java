package dev.shoal.store.chunk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's content as an ordered list of chunks.
 *
 * <p>The file hash is the SHA-256 of a domain tag followed by each chunk's size and hash. It identifies
 * the content exactly as well as a hash of the raw bytes (given the chunking is deterministic), yet costs
 * one small hash instead of a second pass over the data, and it can be checked chunk by chunk while a file
 * is assembled from several sources.
 */
public record Manifest(int chunkerVersion, long size, Hash fileHash, List<Chunk> chunks) {
    private static final byte[] DOMAIN = "shoal-manifest-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int ENCODED_CHUNK = Integer.BYTES + Hash.LENGTH;

    public Manifest {
        chunks = List.copyOf(chunks);
    }

    /** Builds a manifest from consecutive chunks, computing offsets, size and file hash. */
    public static Manifest of(int chunkerVersion, List<ChunkSizeAndHash> parts) {
        List<Chunk> chunks = new ArrayList<>(parts.size());
        long offset = 0;
        MessageDigest md = Hash.digest();
        md.update(DOMAIN);
        ByteBuffer sizeBytes = ByteBuffer.allocate(Integer.BYTES);
        for (ChunkSizeAndHash p : parts) {
            chunks.add(new Chunk(offset, p.size(), p.hash()));
            offset += p.size();
            md.update(sizeBytes.clear().putInt(p.size()).array());
            md.update(p.hash().bytes());
        }
        return new Manifest(chunkerVersion, offset, Hash.of(md.digest()), chunks);
    }

    public static Manifest empty(int chunkerVersion) {
        return of(chunkerVersion, List.of());
    }

    /** Compact form for the index: version, count, then size and hash of each chunk. */
    public byte[] encode() {
        ByteBuffer buf = ByteBuffer.allocate(1 + Integer.BYTES + chunks.size() * ENCODED_CHUNK);
        buf.put((byte) chunkerVersion).putInt(chunks.size());
        for (Chunk c : chunks) {
            buf.putInt(c.size()).put(c.hash().bytes());
        }
        return buf.array();
    }

    /** Inverse of {@link #encode}; recomputes offsets and the file hash, so a stored manifest cannot lie about them. */
    public static Manifest decode(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        if (data.length < 1 + Integer.BYTES) {
            throw new IllegalArgumentException("manifest too short: " + data.length + " bytes");
        }
        int version = buf.get() & 0xff;
        int count = buf.getInt();
        if (count < 0 || (long) count * ENCODED_CHUNK != buf.remaining()) {
            throw new IllegalArgumentException(
                    "manifest of " + data.length + " bytes cannot hold " + count + " chunks");
        }
        List<ChunkSizeAndHash> parts = new ArrayList<>(count);
        byte[] hash = new byte[Hash.LENGTH];
        for (int i = 0; i < count; i++) {
            int size = buf.getInt();
            if (size <= 0) {
                throw new IllegalArgumentException("manifest chunk " + i + " has size " + size);
            }
            buf.get(hash);
            parts.add(new ChunkSizeAndHash(size, Hash.of(hash)));
        }
        return of(version, parts);
    }

    /** A chunk before its offset is known. */
    public record ChunkSizeAndHash(int size, Hash hash) {}
}
