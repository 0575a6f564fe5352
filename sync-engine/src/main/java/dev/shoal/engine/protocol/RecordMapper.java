package dev.shoal.engine.protocol;

import com.google.protobuf.ByteString;
import dev.shoal.engine.protocol.wire.ChunkInfo;
import dev.shoal.engine.protocol.wire.Counter;
import dev.shoal.engine.protocol.wire.FileInfo;
import dev.shoal.store.chunk.Hash;
import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.chunk.Manifest.ChunkSizeAndHash;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.VersionVector;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the index's {@link FileRecord} and the wire's {@link FileInfo}. Incoming records are
 * checked for internal consistency (sizes, hash lengths, the declared file hash) and for the limits of what a
 * peer can make this device allocate (name length, counters per version, chunk size), but not for safe names,
 * which is the puller's job ({@code SafePaths}).
 */
public final class RecordMapper {
    /** The largest chunk a record may name: the chunker's maximum. Pulls and reuse allocate one chunk at a time. */
    public static final int MAX_CHUNK_SIZE = dev.shoal.store.chunk.ChunkParams.V1.maxSize();
    /** Longest name (or symlink target) a record may carry, in UTF-16 characters: far above any path limit. */
    public static final int MAX_NAME_CHARS = 4096;

    private RecordMapper() {}

    public static FileInfo toWire(FileRecord r) {
        FileInfo.Builder b = FileInfo.newBuilder()
                .setName(r.name())
                .setType(
                        switch (r.type()) {
                            case FILE -> dev.shoal.engine.protocol.wire.FileType.FILE_TYPE_FILE;
                            case DIRECTORY -> dev.shoal.engine.protocol.wire.FileType.FILE_TYPE_DIRECTORY;
                            case SYMLINK -> dev.shoal.engine.protocol.wire.FileType.FILE_TYPE_SYMLINK;
                        })
                .setSize(r.size())
                .setMtimeSeconds(r.mtimeSeconds())
                .setMtimeNanos(r.mtimeNanos())
                .setPermissions(Math.max(r.permissions(), 0))
                .setNoPermissions(r.permissions() < 0)
                .setDeleted(r.deleted())
                .setSequence(r.sequence())
                .setModifiedBy(r.modifiedBy());
        byte[] version = r.version().encode();
        java.nio.ByteBuffer vb = java.nio.ByteBuffer.wrap(version);
        while (vb.hasRemaining()) {
            b.addVersion(Counter.newBuilder().setDevice(vb.getLong()).setValue(vb.getLong()));
        }
        if (r.symlinkTarget() != null) {
            b.setSymlinkTarget(r.symlinkTarget());
        }
        Manifest m = r.manifest();
        if (m != null) {
            b.setChunkerVersion(m.chunkerVersion())
                    .setFileHash(ByteString.copyFrom(m.fileHash().bytes()));
            for (var c : m.chunks()) {
                b.addChunks(ChunkInfo.newBuilder()
                        .setHash(ByteString.copyFrom(c.hash().bytes()))
                        .setSize(c.size()));
            }
        }
        return b.build();
    }

    public static FileRecord fromWire(FileInfo f) throws WireFormatException {
        FileType type =
                switch (f.getType()) {
                    case FILE_TYPE_FILE -> FileType.FILE;
                    case FILE_TYPE_DIRECTORY -> FileType.DIRECTORY;
                    case FILE_TYPE_SYMLINK -> FileType.SYMLINK;
                    default ->
                        throw new WireFormatException("unknown file type " + f.getTypeValue() + " for " + f.getName());
                };
        if (f.getName().length() > MAX_NAME_CHARS) {
            throw new WireFormatException("a record's name of " + f.getName().length()
                    + " characters exceeds the limit of " + MAX_NAME_CHARS);
        }
        if (f.getSymlinkTarget().length() > MAX_NAME_CHARS) {
            throw new WireFormatException(
                    "the symlink target of " + f.getName() + " exceeds " + MAX_NAME_CHARS + " characters");
        }
        if (f.getSize() < 0 || f.getMtimeNanos() < 0 || f.getMtimeNanos() > 999_999_999) {
            throw new WireFormatException("impossible size or time in the record of " + f.getName());
        }
        if (f.getVersionCount() > VersionVector.MAX_COUNTERS) {
            throw new WireFormatException("the version of " + f.getName() + " has " + f.getVersionCount()
                    + " counters, more than the limit of " + VersionVector.MAX_COUNTERS);
        }
        java.nio.ByteBuffer vb = java.nio.ByteBuffer.allocate(f.getVersionCount() * 16);
        for (Counter c : f.getVersionList()) {
            vb.putLong(c.getDevice()).putLong(c.getValue());
        }
        Manifest manifest = null;
        if (type == FileType.FILE && !f.getDeleted()) {
            List<ChunkSizeAndHash> parts = new ArrayList<>(f.getChunksCount());
            for (ChunkInfo c : f.getChunksList()) {
                if (c.getHash().size() != Hash.LENGTH || c.getSize() <= 0) {
                    throw new WireFormatException("malformed chunk in the record of " + f.getName());
                }
                if (c.getSize() > MAX_CHUNK_SIZE) {
                    throw new WireFormatException("a chunk of " + c.getSize() + " bytes in the record of " + f.getName()
                            + " exceeds the chunker's maximum of " + MAX_CHUNK_SIZE);
                }
                parts.add(new ChunkSizeAndHash(c.getSize(), Hash.of(c.getHash().toByteArray())));
            }
            manifest = Manifest.of(f.getChunkerVersion(), parts);
            if (manifest.size() != f.getSize()
                    || !java.util.Arrays.equals(
                            manifest.fileHash().bytes(), f.getFileHash().toByteArray())) {
                throw new WireFormatException("the chunks of " + f.getName() + " do not add up to its size and hash");
            }
        }
        return new FileRecord(
                f.getName(),
                type,
                f.getSize(),
                f.getMtimeSeconds(),
                f.getMtimeNanos(),
                f.getNoPermissions() ? -1 : f.getPermissions() & 07777,
                f.getDeleted(),
                VersionVector.decode(vb.array()),
                f.getSequence(),
                f.getModifiedBy(),
                manifest,
                type == FileType.SYMLINK ? f.getSymlinkTarget() : null,
                null);
    }
}
