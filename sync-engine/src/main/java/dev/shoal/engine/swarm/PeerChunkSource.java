package dev.shoal.engine.swarm;

import com.google.protobuf.ByteString;
import dev.shoal.engine.limit.RateLimits;
import dev.shoal.engine.protocol.BlockDelta;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.WireFormatException;
import dev.shoal.engine.protocol.wire.ErrorCode;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.store.chunk.Chunk;
import java.util.concurrent.CompletableFuture;

/** Chunks requested from one connected device, on its data streams. */
public final class PeerChunkSource implements ChunkSource {
    private final DeviceId peer;
    private final PeerConnection connection;
    private final RateLimits limits;

    public PeerChunkSource(DeviceId peer, PeerConnection connection, RateLimits limits) {
        this.peer = peer;
        this.connection = connection;
        this.limits = limits;
    }

    @Override
    public CompletableFuture<byte[]> fetch(String folderId, String name, Chunk chunk, byte[] base) {
        Request.Builder request = Request.newBuilder()
                .setFolder(folderId)
                .setName(name)
                .setOffset(chunk.offset())
                .setSize(chunk.size())
                .setHash(ByteString.copyFrom(chunk.hash().bytes()));
        if (base != null) {
            BlockDelta.describeBase(request, base, chunk.size());
        }
        byte[] encoded = MessageCodec.encode(request.build());
        return limits.beforeReceiving(connection.remoteAddress(), chunk.size())
                .thenCompose(ready -> connection.request(encoded))
                .thenApply(bytes -> {
                    try {
                        var response = MessageCodec.decodeResponse(bytes);
                        if (response.getCode() != ErrorCode.ERROR_CODE_NONE) {
                            throw new IllegalStateException(
                                    peer.shortString() + " could not serve the chunk: " + response.getCode());
                        }
                        return BlockDelta.assemble(response, base, chunk.size());
                    } catch (WireFormatException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
    }
}
