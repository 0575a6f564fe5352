package dev.shoal.engine.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.protocol.wire.Response;
import java.util.zip.CRC32C;

/**
 * Sub-chunk transfer: when a chunk changed only in part (an edit inside a file often leaves most of the
 * chunks around it intact but shifts their boundaries), the requester describes its old bytes at the same
 * offset as block sums and the server sends only the blocks that differ.
 *
 * <p>The sums only choose what to send; correctness rests on the chunk hash the requester checks after
 * assembling, so a fast non-cryptographic sum is enough (a collision costs one full re-fetch, never bad data).
 */
public final class BlockDelta {
    /** Small enough that a boundary chunk costs little beyond the changed bytes; 32 sums per 512 KiB chunk. */
    public static final int BLOCK_SIZE = 16 * 1024;

    private BlockDelta() {}

    /** Adds the sums of the whole blocks {@code base} covers of a chunk of {@code size} bytes. */
    public static Request.Builder describeBase(Request.Builder request, byte[] base, int size) {
        int covered = Math.min(base.length, size);
        int blocks = covered == size ? blockCount(size) : covered / BLOCK_SIZE;
        if (blocks == 0) {
            return request;
        }
        request.setBlockSize(BLOCK_SIZE);
        for (int b = 0; b < blocks; b++) {
            request.addBaseBlocks(sum(base, b * BLOCK_SIZE, blockLength(b, size)));
        }
        return request;
    }

    /**
     * The answer to {@code request} for a chunk whose (verified) bytes are {@code data}: only the blocks whose
     * sums differ from the requester's, or the whole chunk when the request gave none or names another block size.
     */
    public static Response answer(Request request, byte[] data) {
        int blocks = blockCount(data.length);
        if (sendsWhole(request, data.length)) {
            // Wrapped, not copied: the caller read data for this answer alone and never touches it again.
            return Response.newBuilder()
                    .setData(UnsafeByteOperations.unsafeWrap(data))
                    .build();
        }
        Response.Builder out = Response.newBuilder().setDelta(true);
        ByteString.Output sent = ByteString.newOutput();
        for (int b = 0; b < blocks; b++) {
            int from = b * BLOCK_SIZE;
            int len = blockLength(b, data.length);
            if (b >= request.getBaseBlocksCount() || request.getBaseBlocks(b) != sum(data, from, len)) {
                out.addSentBlocks(b);
                sent.write(data, from, len);
            }
        }
        return out.setData(sent.toByteString()).build();
    }

    /**
     * Whether the answer to {@code request} for a chunk of {@code size} bytes is the whole chunk: the request gave
     * no block sums, or sums of another block size or of more blocks than the chunk has.
     */
    public static boolean sendsWhole(Request request, int size) {
        return request.getBlockSize() != BLOCK_SIZE
                || request.getBaseBlocksCount() == 0
                || request.getBaseBlocksCount() > blockCount(size);
    }

    /**
     * The chunk rebuilt from {@code response} and the requester's {@code base}.
     *
     * @throws WireFormatException if the response does not fit a chunk of {@code size} bytes
     */
    public static byte[] assemble(Response response, byte[] base, int size) throws WireFormatException {
        byte[] data = response.getData().toByteArray();
        if (!response.getDelta()) {
            return data;
        }
        if (base == null) {
            throw new WireFormatException("a partial chunk came back for a request that had no base");
        }
        byte[] out = new byte[size];
        int covered = Math.min(base.length, size);
        System.arraycopy(base, 0, out, 0, covered);
        int read = 0;
        int previous = -1;
        for (int b : response.getSentBlocksList()) {
            if (b <= previous || b >= blockCount(size)) {
                throw new WireFormatException("partial chunk names block " + b + " out of order or range");
            }
            int len = blockLength(b, size);
            if (read + len > data.length) {
                throw new WireFormatException("partial chunk is shorter than the blocks it names");
            }
            System.arraycopy(data, read, out, b * BLOCK_SIZE, len);
            read += len;
            previous = b;
        }
        if (read != data.length) {
            throw new WireFormatException("partial chunk carries " + (data.length - read) + " bytes too many");
        }
        return out;
    }

    static int blockCount(int size) {
        return (size + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    private static int blockLength(int block, int size) {
        return Math.min(BLOCK_SIZE, size - block * BLOCK_SIZE);
    }

    private static int sum(byte[] data, int from, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, from, len);
        return (int) crc.getValue();
    }
}
