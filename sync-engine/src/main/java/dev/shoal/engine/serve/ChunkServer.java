package dev.shoal.engine.serve;

import dev.shoal.engine.protocol.BlockDelta;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.SafePaths;
import dev.shoal.engine.protocol.UnsafeNameException;
import dev.shoal.engine.protocol.wire.ErrorCode;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.protocol.wire.Response;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.chunk.ChunkParams;
import dev.shoal.store.chunk.Hash;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers chunk requests from peers: only for folders shared with the requesting device, only chunks the index
 * knows in that folder, read from files unchanged since their scan, and of those only the blocks the requester
 * lacks. The requester verifies every chunk against its hash. Everything else gets an error code, never data.
 */
public final class ChunkServer {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkServer.class);

    private final Index index;
    private final ChunkReader reader;
    private final BiPredicate<String, DeviceId> sharedWith;
    private final Map<DeviceId, LongAdder> served = new ConcurrentHashMap<>();

    /** @param sharedWith whether folder id is shared with a device (consulted at every request) */
    public ChunkServer(Index index, ChunkReader reader, BiPredicate<String, DeviceId> sharedWith) {
        this.index = index;
        this.reader = reader;
        this.sharedWith = sharedWith;
    }

    /** The encoded {@link Response} to {@code request}. */
    public byte[] serve(DeviceId requester, Request request) {
        Optional<Folder> folder = index.folder(request.getFolder());
        if (folder.isEmpty() || !sharedWith.test(request.getFolder(), requester)) {
            LOG.info("refused a chunk of folder '{}' to {}: not shared with it", request.getFolder(), requester);
            return error(ErrorCode.ERROR_CODE_NOT_SHARED);
        }
        try {
            SafePaths.validate(request.getName());
        } catch (UnsafeNameException e) {
            return error(ErrorCode.ERROR_CODE_INVALID_FILE);
        }
        int size = request.getSize();
        if (request.getHash().size() != Hash.LENGTH || size <= 0 || size > ChunkParams.V1.maxSize()) {
            return error(ErrorCode.ERROR_CODE_GENERIC);
        }
        Hash hash = Hash.of(request.getHash().toByteArray());
        if (BlockDelta.sendsWhole(request, size)) {
            MessageCodec.ChunkFrame frame = MessageCodec.chunkFrame(size);
            if (!reader.readForPeer(folder.get(), hash, size, frame.bytes(), frame.dataOffset())) {
                return error(ErrorCode.ERROR_CODE_INVALID_FILE);
            }
            count(requester, size);
            return frame.bytes();
        }
        Optional<Response> delta =
                reader.readForPeer(folder.get(), hash, size).map(data -> BlockDelta.answer(request, data));
        if (delta.isEmpty()) {
            return error(ErrorCode.ERROR_CODE_INVALID_FILE);
        }
        count(requester, delta.get().getData().size());
        return MessageCodec.encode(delta.get());
    }

    private void count(DeviceId requester, int bytes) {
        served.computeIfAbsent(requester, d -> new LongAdder()).add(bytes);
    }

    /** Bytes of chunk data sent to {@code requester} since start. */
    public long servedTo(DeviceId requester) {
        LongAdder n = served.get(requester);
        return n == null ? 0 : n.sum();
    }

    private static byte[] error(ErrorCode code) {
        return MessageCodec.encode(Response.newBuilder().setCode(code).build());
    }
}
