package dev.shoal.transport.session;

import dev.shoal.transport.TransportException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** The Netty handlers of a session: one job each, installed by the endpoint's initializers. */
public final class StreamHandlers {
    private StreamHandlers() {}

    /** On the connection: forwards TLS completion, close reasons and the end of the connection to the session. */
    public static final class Connection extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            QuicSession session = ctx.channel().attr(QuicSession.KEY).get();
            if (evt instanceof SslHandshakeCompletionEvent tls) {
                session.tlsDone(tls);
            } else if (evt instanceof QuicConnectionCloseEvent close) {
                session.peerClosed(close);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            ctx.channel().attr(QuicSession.KEY).get().inactive();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.channel().attr(QuicSession.KEY).get().protocolError(cause);
        }
    }

    /** For streams the peer opens: its unidirectional control stream, or a bidirectional data request. */
    @ChannelHandler.Sharable
    public static final class PeerStreams extends ChannelInitializer<QuicStreamChannel> {
        private final int maxFrameSize;

        public PeerStreams(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        @Override
        protected void initChannel(QuicStreamChannel stream) {
            QuicSession session = stream.parent().attr(QuicSession.KEY).get();
            stream.pipeline().addLast(new FrameDecoder(maxFrameSize));
            if (stream.type() == QuicStreamType.UNIDIRECTIONAL) {
                stream.pipeline().addLast(new ControlReader(session));
            } else {
                stream.pipeline().addLast(new RequestReader(session));
            }
        }
    }

    /** Reads the peer's control stream. */
    static final class ControlReader extends ChannelInboundHandlerAdapter {
        private final QuicSession session;

        ControlReader(QuicSession session) {
            this.session = session;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            session.controlFrame((Frame) msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            session.protocolError(unwrap(cause));
        }
    }

    /** Reads the one request of a data stream the peer opened, and hands it to the session to answer. */
    static final class RequestReader extends ChannelInboundHandlerAdapter {
        private final QuicSession session;
        private boolean seen;

        RequestReader(QuicSession session) {
            this.session = session;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (seen) {
                throw new ProtocolException("more than one request on a data stream");
            }
            seen = true;
            session.serveRequest((QuicStreamChannel) ctx.channel(), (Frame) msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            session.protocolError(unwrap(cause));
        }
    }

    /** Reads the response to a request this side sent, completing the caller's future. */
    static final class ResponseReader extends ChannelInitializer<QuicStreamChannel> {
        /** Responses up to this size get their array at once (the largest chunks fit). */
        private static final int RESPONSE_PRESIZE = 2 << 20;

        private final CompletableFuture<byte[]> response;
        private final QuicSession session;

        ResponseReader(CompletableFuture<byte[]> response, QuicSession session) {
            this.response = response;
            this.session = session;
        }

        @Override
        protected void initChannel(QuicStreamChannel stream) {
            FrameDecoder decoder = new FrameDecoder(session.maxFrameSize(), RESPONSE_PRESIZE);
            stream.pipeline().addLast(decoder, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    Frame frame = (Frame) msg;
                    byte[] body = frame.body();
                    if (frame.type() == ControlType.RESPONSE_OK) {
                        response.complete(body);
                    } else {
                        response.completeExceptionally(new TransportException(
                                "the peer could not answer: " + new String(body, StandardCharsets.UTF_8)));
                    }
                    // No close here: the peer's FIN follows the response, and a stream closed before its FIN is
                    // read stays "readable" inside quiche for the connection's lifetime, so every later packet
                    // would walk all of them (10,000 small files made each packet cost milliseconds).
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    if (response.isDone()) {
                        return; // the normal end of a stream, after its response: no exception to build
                    }
                    response.completeExceptionally(new TransportException("data stream closed without a response"
                            + (session.closeReason() == null ? "" : ": " + session.closeReason())));
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    response.completeExceptionally(unwrap(cause));
                    session.protocolError(unwrap(cause));
                }
            });
        }
    }

    /** Our own control stream: we only write to it; anything arriving on it is discarded. */
    static final class WriteOnly extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Creates the session of each new connection and puts the connection handler in front of it. */
    public static ChannelInitializer<QuicChannel> connectionInit(
            QuicSession.Role role,
            dev.shoal.engine.protocol.DeviceId expected,
            SessionHost host,
            CompletableFuture<QuicSession> sessionCreated) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(QuicChannel ch) {
                QuicSession session = new QuicSession(ch, role, expected, host);
                ch.pipeline().addLast(new Connection());
                if (sessionCreated != null) {
                    sessionCreated.complete(session);
                }
            }
        };
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof io.netty.handler.codec.DecoderException && t.getCause() != null ? t.getCause() : t;
    }
}
