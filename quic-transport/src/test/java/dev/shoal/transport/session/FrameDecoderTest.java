package dev.shoal.transport.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    @Test
    void reassemblesFramesSplitAtEveryPossibleBoundary() {
        byte[] body = new byte[300_000];
        new Random(1).nextBytes(body);
        ByteBuf two = Unpooled.wrappedBuffer(
                FrameDecoder.frame(ByteBufAllocator.DEFAULT, (byte) 7, body),
                FrameDecoder.frame(ByteBufAllocator.DEFAULT, (byte) 8, new byte[0]));
        byte[] wire = new byte[two.readableBytes()];
        two.readBytes(wire);
        two.release();

        Random random = new Random(2);
        for (int round = 0; round < 50; round++) {
            // Growing bodies (streams the peer opens) and presized ones (responses to our requests).
            EmbeddedChannel ch = new EmbeddedChannel(
                    round % 2 == 0 ? new FrameDecoder(1 << 20) : new FrameDecoder(1 << 20, 1 << 20));
            int pos = 0;
            while (pos < wire.length) {
                int n = Math.min(wire.length - pos, 1 + random.nextInt(round < 5 ? 3 : 70_000));
                ch.writeInbound(Unpooled.wrappedBuffer(wire, pos, n));
                pos += n;
            }
            Frame first = ch.readInbound();
            Frame second = ch.readInbound();
            assertThat(first.type()).isEqualTo((byte) 7);
            assertThat(first.body()).isEqualTo(body);
            assertThat(second.type()).isEqualTo((byte) 8);
            assertThat(second.body()).isEmpty();
            assertThat((Object) ch.readInbound()).isNull();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void dataStreamFramesCarryTheirRequestIdEvenWhenSplitInsideIt() {
        ByteBuf two = Unpooled.wrappedBuffer(
                FrameDecoder.frame(ByteBufAllocator.DEFAULT, ControlType.REQUEST, 0x01020304, new byte[] {9, 8, 7}),
                FrameDecoder.frame(ByteBufAllocator.DEFAULT, ControlType.RESPONSE_OK, -2, new byte[0]));
        byte[] wire = new byte[two.readableBytes()];
        two.readBytes(wire);
        two.release();
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024, 0, true));
        for (byte b : wire) { // one byte at a time: every split point, the id's included
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        Frame first = ch.readInbound();
        Frame second = ch.readInbound();
        assertThat(first.type()).isEqualTo(ControlType.REQUEST);
        assertThat(first.id()).isEqualTo(0x01020304);
        assertThat(first.body()).containsExactly(9, 8, 7);
        assertThat(second.type()).isEqualTo(ControlType.RESPONSE_OK);
        assertThat(second.id()).isEqualTo(-2);
        assertThat(second.body()).isEmpty();
        ch.finishAndReleaseAll();
    }

    @Test
    void aDataStreamFrameTooShortForItsIdIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024, 0, true));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, 5, 0, 0})))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("too short for a request id");
    }

    @Test
    void oversizedFrameIsRefusedFromItsHeaderAlone() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024, 4096));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 4, 1})))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("1025 bytes exceeds the limit of 1024");
        // A negative (over 2 GiB) length is refused too.
        EmbeddedChannel ch2 = new EmbeddedChannel(new FrameDecoder(1024));
        assertThatThrownBy(() -> ch2.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, 0, 0, 0})))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void aFrameWithoutATypeIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0})))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("empty frame");
    }

    @Test
    void announcingAHugeFrameAllocatesOnlyWhatArrives() {
        FrameDecoder decoder = new FrameDecoder(16 << 20);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        long before = usedHeap();
        java.util.List<EmbeddedChannel> open = new java.util.ArrayList<>(); // kept alive, like concurrent streams
        for (int i = 0; i < 200; i++) {
            // 200 announced 16 MiB frames would be 3.2 GB if allocated up front.
            EmbeddedChannel c = new EmbeddedChannel(new FrameDecoder(16 << 20));
            open.add(c);
            c.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 0, 0, 0, 42}));
            assertThat((Object) c.readInbound()).isNull();
        }
        assertThat(usedHeap() - before).isLessThan(512L << 20);
        assertThat(open).hasSize(200);
        ch.finishAndReleaseAll();
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
