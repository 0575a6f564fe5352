package dev.shoal.transport.session;

import dev.shoal.engine.spi.DeviceId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.CompletableFuture;

/** Builds the pipeline of a TCP connection and the {@link TcpSession} it carries. */
public final class TcpPipeline {
    /** Frames up to this size get their array at once once the peer is admitted (the largest chunks fit). */
    private static final int RESPONSE_PRESIZE = 2 << 20;

    private TcpPipeline() {}

    /**
     * Creates the session of each new TCP connection and its pipeline: byte counter, TLS, frame decoder (limited by
     * the session's pre-admission budget), reader.
     *
     * @param created told of the session as soon as it exists (null: not needed)
     */
    public static ChannelInitializer<Channel> initializer(
            SslContext tls,
            Session.Role role,
            DeviceId expected,
            SessionHost host,
            CompletableFuture<Session> created) {
        return initializer(tls, role, expected, host, created, null, null);
    }

    /** For a bulk lane of {@code owner} this device dials with the offered {@code token}. */
    public static ChannelInitializer<Channel> laneInitializer(
            SslContext tls, Session owner, byte[] token, SessionHost host) {
        return initializer(tls, Session.Role.CLIENT, owner.device(), host, null, token, owner);
    }

    private static ChannelInitializer<Channel> initializer(
            SslContext tls,
            Session.Role role,
            DeviceId expected,
            SessionHost host,
            CompletableFuture<Session> created,
            byte[] token,
            Session owner) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                TcpMeter counter = new TcpMeter();
                TcpSession tcp = new TcpSession(ch, role, expected, host, counter, token, owner);
                ch.pipeline()
                        .addLast(
                                counter,
                                tls.newHandler(ch.alloc()),
                                new FrameDecoder(
                                        host.settings().maxFrameSize(),
                                        RESPONSE_PRESIZE,
                                        true,
                                        tcp.session().readBudget()),
                                new TcpSession.Reader());
                if (created != null) {
                    created.complete(tcp.session());
                }
            }
        };
    }
}
