package dev.shoal.transport.session;

import dev.shoal.engine.spi.ConnectionStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts a TCP connection's bytes on the wire (TLS records included), as the first handler of its pipeline, and
 * derives rates from samples taken on the connection's event loop. Counters are readable from any thread.
 */
final class TcpMeter extends ChannelDuplexHandler {
    private volatile long read;
    private volatile long written;
    private volatile long lastRead = System.nanoTime();
    private volatile long sampledRead;
    private volatile long sampledWritten;
    private volatile long sendRate;
    private volatile long receiveRate;
    private long lastSampleNanos;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            read += b.readableBytes();
            lastRead = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            written += b.readableBytes();
        }
        ctx.write(msg, promise);
    }

    long read() {
        return read;
    }

    long written() {
        return written;
    }

    /** When the last byte arrived ({@link System#nanoTime()}). */
    long lastRead() {
        return lastRead;
    }

    /** Takes a sample: counters as of now, rates over at least the last 0.2 s (event loop). */
    void sample() {
        long now = System.nanoTime();
        long s = written;
        long r = read;
        double seconds = (now - lastSampleNanos) / 1e9;
        if (lastSampleNanos != 0 && seconds >= 0.2) {
            sendRate = (long) ((s - sampledWritten) / seconds);
            receiveRate = (long) ((r - sampledRead) / seconds);
        }
        if (lastSampleNanos == 0 || seconds >= 0.2) {
            lastSampleNanos = now;
        }
        sampledWritten = s;
        sampledRead = r;
    }

    long sampledRead() {
        return sampledRead;
    }

    ConnectionStats stats(double rttMillis) {
        return new ConnectionStats(sampledWritten, sampledRead, rttMillis, sendRate, receiveRate);
    }
}
