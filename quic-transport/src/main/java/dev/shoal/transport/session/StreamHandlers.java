package dev.shoal.transport.session;

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
import java.util.concurrent.CompletableFuture;

/** The Netty handlers of a session: one job each, installed by the endpoint's initializers. */
public final class StreamHandlers {
    private StreamHandlers() {}

    /** On the connection: forwards TLS completion, close reasons and the end of the connection to the session. */
    public static final class Connection extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            QuicSession quic = ctx.channel().attr(QuicSession.KEY).get();
            if (evt instanceof SslHandshakeCompletionEvent tls) {
                quic.tlsDone(tls);
            } else if (evt instanceof QuicConnectionCloseEvent close) {
                quic.peerClosed(close);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            QuicSession quic = ctx.channel().attr(QuicSession.KEY).get();
            quic.closed();
            quic.session().inactive();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.channel().attr(QuicSession.KEY).get().session().protocolError(cause);
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
            QuicSession quic = stream.parent().attr(QuicSession.KEY).get();
            Session session = quic.session();
            if (stream.type() == QuicStreamType.UNIDIRECTIONAL) {
                stream.pipeline()
                        .addLast(
                                new FrameDecoder(maxFrameSize, 64 * 1024, false, session.readBudget()),
                                new ControlReader(quic));
            } else {
                stream.pipeline()
                        .addLast(
                                new FrameDecoder(maxFrameSize, 0, true, session.readBudget()),
                                new RequestReader(session));
            }
        }
    }

    /** Reads the peer's control stream. */
    static final class ControlReader extends ChannelInboundHandlerAdapter {
        private final QuicSession quic;
        private final Session session;

        ControlReader(QuicSession quic) {
            this.quic = quic;
            this.session = quic.session();
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            quic.controlStreamOpened(ctx.channel());
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

    /** Reads the requests on a data stream the peer opened, and hands each to the session to answer. */
    static final class RequestReader extends ChannelInboundHandlerAdapter {
        private final Session session;

        RequestReader(Session session) {
            this.session = session;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            session.serveRequest(ctx.channel(), (Frame) msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            session.protocolError(unwrap(cause));
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
            Session.Role role,
            dev.shoal.engine.spi.DeviceId expected,
            SessionHost host,
            CompletableFuture<Session> sessionCreated) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(QuicChannel ch) {
                QuicSession quic = new QuicSession(ch, role, expected, host);
                ch.pipeline().addLast(new Connection());
                if (sessionCreated != null) {
                    sessionCreated.complete(quic.session());
                }
            }
        };
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof io.netty.handler.codec.DecoderException && t.getCause() != null ? t.getCause() : t;
    }
}
