package dev.shoal.transport.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Whatever bytes a peer sends on a stream, in whatever pieces they arrive, the frame decoder (and the hello
 * parser behind the control stream) either yields well-formed frames or refuses with a {@link
 * ProtocolException}, which closes the connection with code 3. Anything else thrown, a hang, or memory
 * running out is a finding. Runs on its seeds in every build and fuzzes for a bounded time in CI (see the
 * module's pom).
 */
class FrameDecoderFuzzTest {
    @FuzzTest(maxDuration = "40s")
    void streamBytesBecomeFramesOrAProtocolError(FuzzedDataProvider data) {
        int maxFrame = 1 << data.consumeInt(4, 24);
        boolean presized = data.consumeBoolean();
        // Half the runs play a peer that is not admitted yet: whatever it sends, at most the budget is taken in.
        boolean unadmitted = data.consumeBoolean();
        int budgetBytes = data.consumeInt(1, 64 * 1024);
        int[] spent = {0};
        ReadBudget budget = !unadmitted
                ? ReadBudget.UNLIMITED
                : new ReadBudget() {
                    @Override
                    public int remaining() {
                        return Math.max(0, budgetBytes - spent[0]);
                    }

                    @Override
                    public boolean spend(int bytes) {
                        spent[0] += bytes;
                        return spent[0] <= budgetBytes;
                    }
                };
        EmbeddedChannel stream = new EmbeddedChannel(
                presized
                        ? new FrameDecoder(maxFrame, 2 << 20, false, budget)
                        : new FrameDecoder(maxFrame, 64 * 1024, false, budget));
        long emitted = 0;
        try {
            while (data.remainingBytes() > 0) {
                byte[] piece = data.consumeBytes(data.consumeInt(1, 2048));
                stream.writeInbound(Unpooled.wrappedBuffer(piece));
                for (Object o; (o = stream.readInbound()) != null; ) {
                    Frame frame = (Frame) o;
                    assertThat(frame.body().length).isLessThan(maxFrame);
                    emitted += frame.body().length;
                    if (unadmitted) {
                        assertThat(emitted)
                                .as("bytes taken in before admission")
                                .isLessThanOrEqualTo(budgetBytes);
                    }
                    if (frame.type() == ControlType.HELLO) {
                        Hello hello = Hello.decode(frame.body());
                        assertThat(hello.instance()).isNotNull();
                    }
                }
            }
        } catch (ProtocolException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        } finally {
            stream.finishAndReleaseAll();
        }
    }
}
