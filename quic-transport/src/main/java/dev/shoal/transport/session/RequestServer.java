package dev.shoal.transport.session;

import dev.shoal.engine.spi.PeerHandler;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers the requests the peer sends on its data streams, each response tagged with its request's id and
 * written on the stream the request came in on, in whatever order the answers are ready.
 *
 * <p>A request counts as being served until QUIC has taken its whole response. Once {@code maxServing} are, the
 * streams that bring more stop being read, so QUIC flow control holds the peer's further requests back: a peer
 * that asks and never reads cannot make this device buffer more than that many responses.
 *
 * <p>Event loop only (the connection's, which its streams share).
 */
final class RequestServer {
    private final int maxServing;

    private final List<Channel> paused = new ArrayList<>();
    private int serving;

    /** @param maxServing requests answered at once, beyond which the peer's streams stop being read */
    RequestServer(int maxServing) {
        this.maxServing = maxServing;
    }

    void serve(Channel stream, Frame frame, PeerHandler handler) {
        if (frame.type() != ControlType.REQUEST) {
            throw new ProtocolException("malformed request (frame type " + frame.type() + ")");
        }
        if (++serving >= maxServing && stream.config().isAutoRead()) {
            stream.config().setAutoRead(false);
            paused.add(stream);
        }
        int id = frame.id();
        if (handler == null) {
            respond(stream, id, ControlType.RESPONSE_ERROR, "not ready".getBytes(StandardCharsets.UTF_8));
            return;
        }
        CompletableFuture<byte[]> answer;
        try {
            answer = handler.request(frame.body());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((bytes, error) -> {
            if (error == null) {
                respond(stream, id, ControlType.RESPONSE_OK, bytes);
            } else {
                String message = String.valueOf(error.getMessage());
                respond(stream, id, ControlType.RESPONSE_ERROR, message.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** Requests taken in and not yet wholly answered. */
    int serving() {
        return serving;
    }

    private void respond(Channel stream, int id, byte status, byte[] body) {
        // The listener runs on the event loop, whether the write succeeded or the stream closed first.
        stream.writeAndFlush(FrameDecoder.frame(stream.alloc(), status, id, body))
                .addListener(f -> answered());
    }

    private void answered() {
        if (--serving < maxServing && !paused.isEmpty()) {
            for (Channel stream : paused) {
                stream.config().setAutoRead(true);
            }
            paused.clear();
        }
    }
}
