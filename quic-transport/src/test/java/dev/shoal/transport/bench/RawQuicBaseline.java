package dev.shoal.transport.bench;

import dev.shoal.transport.QuicEndpoint;
import dev.shoal.transport.QuicSettings;
import dev.shoal.transport.identity.CertificateFactory;
import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.tls.AnyDeviceTrustManager;
import dev.shoal.transport.tls.DeviceKeyManager;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.ClientAuth;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Baseline for the transport benchmark: raw Netty QUIC, one stream, the same tuning as {@link QuicSettings#DEFAULT},
 * no Shoal framing or sessions. Shows what the QUIC stack itself reaches on this machine today.
 */
public final class RawQuicBaseline {
    public static void main(String[] args) throws Exception {
        double[] r = run(Long.parseLong(args.length > 0 ? args[0] : "1") << 30);
        System.out.printf("raw Netty QUIC, one stream: %.0f MB/s, %.2f CPU-s per GiB%n", r[0], r[1]);
    }

    /** Sends {@code total} bytes on one stream; returns MB/s and CPU seconds per GiB. */
    static double[] run(long total) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        QuicSettings s = QuicSettings.DEFAULT;
        DeviceIdentity id = new CertificateFactory().create("raw");
        EventLoopGroup group = QuicEndpoint.newGroup(2, s);
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        var serverSsl = QuicSslContextBuilder.forServer(new DeviceKeyManager(id.certificate(), id.privateKey()), null)
                .trustManager(new AnyDeviceTrustManager())
                .clientAuth(ClientAuth.REQUIRE)
                .applicationProtocols(QuicEndpoint.ALPN)
                .build();
        var server = new QuicServerCodecBuilder()
                .sslContext(serverSsl)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .maxSendUdpPayloadSize(s.payloadSize())
                .maxRecvUdpPayloadSize(s.payloadSize())
                .congestionControlAlgorithm(QuicCongestionControlAlgorithm.BBR)
                .initialMaxData(s.connectionWindow())
                .initialMaxStreamDataBidirectionalLocal(s.streamWindow())
                .initialMaxStreamDataBidirectionalRemote(s.streamWindow())
                .initialMaxStreamsBidirectional(10)
                .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, EpollQuicUtils.newSegmentedAllocator(16))
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        if (received.addAndGet(b.readableBytes()) >= total) {
                            done.countDown();
                        }
                        b.release();
                    }
                })
                .build();
        Channel srv = udp(group, s)
                .handler(server)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        var clientSsl = QuicSslContextBuilder.forClient()
                .keyManager(new DeviceKeyManager(id.certificate(), id.privateKey()), null)
                .trustManager(new AnyDeviceTrustManager())
                .applicationProtocols(QuicEndpoint.ALPN)
                .build();
        var client = new QuicClientCodecBuilder()
                .sslContext(clientSsl)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .maxSendUdpPayloadSize(s.payloadSize())
                .maxRecvUdpPayloadSize(s.payloadSize())
                .congestionControlAlgorithm(QuicCongestionControlAlgorithm.BBR)
                .initialMaxData(s.connectionWindow())
                .initialMaxStreamDataBidirectionalLocal(s.streamWindow())
                .initialMaxStreamDataBidirectionalRemote(s.streamWindow())
                .build();
        Channel cli = udp(group, s)
                .handler(client)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        QuicChannel quic = QuicChannel.newBootstrap(cli)
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, EpollQuicUtils.newSegmentedAllocator(16))
                .remoteAddress(srv.localAddress())
                .connect()
                .get(10, TimeUnit.SECONDS);
        QuicStreamChannel stream = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter())
                .get(10, TimeUnit.SECONDS);
        long cpu = os.getProcessCpuTime();
        long t = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (stream.isWritable() && sent.get() < total) {
                ByteBuf buf = stream.alloc().directBuffer(1 << 20).writeZero(1 << 20);
                sent.addAndGet(buf.readableBytes());
                stream.write(buf);
            }
            stream.flush();
            if (sent.get() < total) {
                stream.eventLoop().schedule(pump[0], 1, TimeUnit.MILLISECONDS);
            }
        };
        stream.eventLoop().execute(pump[0]);
        done.await(300, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - t) / 1e9;
        double[] result = {total / 1e6 / secs, (os.getProcessCpuTime() - cpu) / 1e9 / (total / (double) (1L << 30))};
        stream.close().addListener(ChannelFutureListener.CLOSE);
        quic.close();
        srv.close();
        cli.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        return result;
    }

    private static Bootstrap udp(EventLoopGroup group, QuicSettings s) {
        return new Bootstrap()
                .group(group)
                .channel(EpollDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, s.socketBuffer())
                .option(ChannelOption.SO_SNDBUF, s.socketBuffer())
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 1500)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(1500 * 16));
    }
}
