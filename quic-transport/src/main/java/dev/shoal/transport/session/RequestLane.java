package dev.shoal.transport.session;

import dev.shoal.transport.TransportException;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * This device's requests over one ordered connection that also carries other frames (a TCP session or lane):
 * request frames out, response frames back, matched by request id. Ids start at 1, since id 0 marks a control
 * frame on such a connection. Event loop only, apart from {@link #request}.
 */
final class RequestLane {
    private final Channel channel;
    private final Supplier<String> closeReason;
    private final Map<Integer, CompletableFuture<byte[]>> waiting = new HashMap<>();
    private int nextId;
    private TransportException failed;

    RequestLane(Channel channel, Supplier<String> closeReason) {
        this.channel = channel;
        this.closeReason = closeReason;
    }

    CompletableFuture<byte[]> request(byte[] body) {
        CompletableFuture<byte[]> response = new CompletableFuture<>();
        if (channel.eventLoop().inEventLoop()) {
            send(body, response);
        } else {
            channel.eventLoop().execute(() -> send(body, response));
        }
        return response;
    }

    /** Requests sent and not answered yet. */
    int outstanding() {
        return waiting.size();
    }

    private void send(byte[] body, CompletableFuture<byte[]> response) {
        if (failed != null || !channel.isActive()) {
            String why = closeReason.get();
            response.completeExceptionally(
                    failed != null
                            ? failed
                            : new TransportException("not connected: " + (why == null ? "closed" : why)));
            return;
        }
        if (++nextId == 0) {
            nextId = 1; // wrapped after 2^32 requests: 0 stays the control frames'
        }
        int id = nextId;
        waiting.put(id, response);
        channel.writeAndFlush(FrameDecoder.frame(channel.alloc(), ControlType.REQUEST, id, body));
    }

    void answered(Frame frame) {
        answer(waiting.remove(frame.id()), frame);
    }

    /**
     * Completes {@code response} (the request a response frame answers, null if none is outstanding) as the frame
     * says; any lane's response frames mean the same.
     */
    static void answer(CompletableFuture<byte[]> response, Frame frame) {
        if (response == null) {
            throw new ProtocolException("a response to request " + frame.id() + ", which is not outstanding");
        }
        if (frame.type() == ControlType.RESPONSE_OK) {
            response.complete(frame.body());
        } else if (frame.type() == ControlType.RESPONSE_ERROR) {
            response.completeExceptionally(new TransportException(
                    "the peer could not answer: " + new String(frame.body(), StandardCharsets.UTF_8)));
        } else {
            response.completeExceptionally(new TransportException("malformed response"));
            throw new ProtocolException("unknown response type " + frame.type());
        }
    }

    /** The connection is gone: every waiting request fails with {@code cause}, and so does every later one. */
    void failAll(TransportException cause) {
        failed = cause;
        List<CompletableFuture<byte[]>> orphans = new ArrayList<>(waiting.values());
        waiting.clear();
        orphans.forEach(r -> r.completeExceptionally(cause));
    }
}
