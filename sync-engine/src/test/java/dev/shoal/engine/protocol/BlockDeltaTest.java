package dev.shoal.engine.protocol;

import static dev.shoal.engine.protocol.BlockDelta.BLOCK_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.protocol.wire.Response;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockDeltaTest {
    static byte[] random(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Response roundTrip(byte[] base, byte[] chunk) {
        Request.Builder r = Request.newBuilder().setSize(chunk.length);
        BlockDelta.describeBase(r, base, chunk.length);
        return BlockDelta.answer(r.build(), chunk);
    }

    @Test
    void onlyTheChangedBlocksTravelAndTheChunkIsRebuiltExactly() throws Exception {
        byte[] base = random(1, 300_000); // not a whole number of blocks
        byte[] chunk = base.clone();
        chunk[5] ^= 1; // block 0
        chunk[7 * BLOCK_SIZE + 3] ^= 1; // block 7
        chunk[chunk.length - 1] ^= 1; // the short last block

        Response response = roundTrip(base, chunk);

        assertThat(response.getDelta()).isTrue();
        int last = (chunk.length - 1) / BLOCK_SIZE;
        assertThat(response.getSentBlocksList()).containsExactly(0, 7, last);
        assertThat(response.getData().size()).isEqualTo(2 * BLOCK_SIZE + chunk.length - last * BLOCK_SIZE);
        assertThat(BlockDelta.assemble(response, base, chunk.length)).isEqualTo(chunk);
    }

    @Test
    void aShorterBaseOffersItsWholeBlocksAndTheRestIsSent() throws Exception {
        byte[] chunk = random(2, 100_000);
        byte[] base = Arrays.copyOf(chunk, 40_000); // covers blocks 0 and 1 fully, block 2 in part

        Response response = roundTrip(base, chunk);

        assertThat(response.getSentBlocksList()).doesNotContain(0, 1).contains(2, 3, 4, 5, 6);
        assertThat(BlockDelta.assemble(response, base, chunk.length)).isEqualTo(chunk);
    }

    @Test
    void aBaseLongerThanTheChunkIsCutToIt() throws Exception {
        byte[] chunk = random(3, 50_000);
        byte[] base = Arrays.copyOf(chunk, 90_000);
        Response response = roundTrip(base, chunk);
        assertThat(response.getData().size()).isZero();
        assertThat(BlockDelta.assemble(response, base, chunk.length)).isEqualTo(chunk);
    }

    @Test
    void noBaseOrAnotherBlockSizeGetsTheWholeChunk() throws Exception {
        byte[] chunk = random(4, 70_000);
        Response plain = BlockDelta.answer(Request.newBuilder().build(), chunk);
        assertThat(plain.getDelta()).isFalse();
        assertThat(plain.getData().toByteArray()).isEqualTo(chunk);

        Request odd = Request.newBuilder().setBlockSize(4096).addBaseBlocks(1).build();
        assertThat(BlockDelta.answer(odd, chunk).getData().toByteArray()).isEqualTo(chunk);

        Request.Builder tooMany = Request.newBuilder().setBlockSize(BLOCK_SIZE);
        for (int i = 0; i < 10; i++) {
            tooMany.addBaseBlocks(i);
        }
        assertThat(BlockDelta.answer(tooMany.build(), chunk).getDelta()).isFalse();
    }

    @Test
    void aMalformedPartialAnswerIsAWireErrorNotAWrongChunk() {
        byte[] base = random(5, 3 * BLOCK_SIZE);
        ByteString one = ByteString.copyFrom(new byte[BLOCK_SIZE]);
        Response outOfRange = Response.newBuilder()
                .setDelta(true)
                .addSentBlocks(9)
                .setData(one)
                .build();
        Response outOfOrder = Response.newBuilder()
                .setDelta(true)
                .addSentBlocks(1)
                .addSentBlocks(0)
                .setData(one.concat(one))
                .build();
        Response tooShort =
                Response.newBuilder().setDelta(true).addSentBlocks(0).build();
        Response tooLong = Response.newBuilder().setDelta(true).setData(one).build();

        for (Response r : new Response[] {outOfRange, outOfOrder, tooShort, tooLong}) {
            assertThatThrownBy(() -> BlockDelta.assemble(r, base, base.length)).isInstanceOf(WireFormatException.class);
        }
        assertThatThrownBy(() -> BlockDelta.assemble(tooShort, null, base.length))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("no base");
    }
}
