package dev.shoal.transport.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.engine.spi.PeerHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The responder's side of data streams, on an embedded channel: tagging, order, and holding back a greedy peer. */
class RequestServerTest {
    private static final int MAX_SERVING = 128;

    private final List<CompletableFuture<byte[]>> answers = new ArrayList<>();
    private final PeerHandler handler = new PeerHandler() {
        @Override
        public void control(byte[] message) {}

        @Override
        public CompletableFuture<byte[]> request(byte[] request) {
            CompletableFuture<byte[]> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }

        @Override
        public void closed(String reason) {}
    };

    private EmbeddedChannel stream(RequestServer server) {
        return new EmbeddedChannel(new FrameDecoder(1 << 20, 0, true), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                server.serve(ctx.channel(), (Frame) msg, handler);
            }
        });
    }

    @Test
    void eachAnswerIsTaggedWithItsRequestAndSentWhenReady() {
        RequestServer server = new RequestServer(MAX_SERVING);
        EmbeddedChannel ch = stream(server);
        ch.writeInbound(FrameDecoder.frame(ch.alloc(), ControlType.REQUEST, 7, new byte[] {1}));
        ch.writeInbound(FrameDecoder.frame(ch.alloc(), ControlType.REQUEST, 8, new byte[] {2}));
        answers.get(1).complete("second".getBytes(StandardCharsets.UTF_8));
        answers.get(0).completeExceptionally(new IllegalStateException("no such chunk"));
        ch.runPendingTasks();

        Frame first = decode(ch.readOutbound());
        Frame second = decode(ch.readOutbound());
        assertThat(first.id()).isEqualTo(8);
        assertThat(first.type()).isEqualTo(ControlType.RESPONSE_OK);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(second.id()).isEqualTo(7);
        assertThat(second.type()).isEqualTo(ControlType.RESPONSE_ERROR);
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).contains("no such chunk");
        assertThat(server.serving()).isZero();
    }

    @Test
    void readingStopsAtTheLimitAndResumesAsAnswersGoOut() {
        RequestServer server = new RequestServer(MAX_SERVING);
        EmbeddedChannel ch = stream(server);
        for (int id = 0; id < MAX_SERVING + 10; id++) {
            ch.writeInbound(FrameDecoder.frame(ch.alloc(), ControlType.REQUEST, id, new byte[] {1}));
        }
        assertThat(ch.config().isAutoRead()).as("reading paused").isFalse();
        assertThat(server.serving()).isEqualTo(MAX_SERVING + 10);

        for (int i = 0; i < 11; i++) {
            answers.get(i).complete(new byte[] {42});
        }
        ch.runPendingTasks();
        assertThat(server.serving()).isEqualTo(MAX_SERVING - 1);
        assertThat(ch.config().isAutoRead()).as("reading resumed").isTrue();
        answers.forEach(a -> a.complete(new byte[0]));
        ch.finishAndReleaseAll();
    }

    @Test
    void aFrameThatIsNotARequestIsAProtocolError() {
        EmbeddedChannel ch = stream(new RequestServer(MAX_SERVING));
        assertThatThrownBy(
                        () -> ch.writeInbound(FrameDecoder.frame(ch.alloc(), ControlType.RESPONSE_OK, 1, new byte[0])))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("malformed request");
    }

    private static Frame decode(Object out) {
        EmbeddedChannel reader = new EmbeddedChannel(new FrameDecoder(1 << 20, 0, true));
        reader.writeInbound((ByteBuf) out);
        return reader.readInbound();
    }
}
