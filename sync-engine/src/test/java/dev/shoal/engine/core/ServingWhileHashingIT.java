package dev.shoal.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.api.FolderState;
import dev.shoal.engine.api.SyncEngine;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.wire.ErrorCode;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.engine.testing.Await;
import dev.shoal.engine.testing.MemoryLink;
import dev.shoal.store.index.Index;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Serving a peer's chunk requests does not wait for the hashing pool: a long scan must not stall every peer. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ServingWhileHashingIT {
    @TempDir
    Path tmp;

    @Test
    void aChunkIsServedWhileEveryHashingThreadIsBusy() throws Exception {
        DeviceId me = HostilePeerIT.device(10);
        DeviceId peer = HostilePeerIT.device(11);
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        Files.write(docs.resolve("a.bin"), content);
        ForkJoinPool hashing = new ForkJoinPool(1);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Index index = Index.open(tmp.resolve("index.db"));
                SyncEngine engine =
                        SyncEngine.create(me, index, List.of(new FolderSpec("docs", docs, Set.of(peer))), hashing)) {
            engine.start();
            Await.until(
                    "scanned",
                    Duration.ofSeconds(20),
                    () -> engine.state("docs") == FolderState.IDLE
                            && engine.status("docs").localFiles() == 1);
            MemoryLink link = MemoryLink.between(peer, "peer", me, "me");
            PeerConnection asPeer = link.atA();
            asPeer.setHandler(new PeerHandler() {
                @Override
                public void control(byte[] message) {}

                @Override
                public CompletableFuture<byte[]> request(byte[] request) {
                    return CompletableFuture.failedFuture(new IllegalStateException("no"));
                }

                @Override
                public void closed(String reason) {}
            });
            engine.connected(link.atB());

            hashing.execute(
                    () -> { // a scan of a huge folder, as far as the pool can tell
                        busy.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

            var chunk = index.localFile(index.folder("docs").orElseThrow(), "a.bin")
                    .orElseThrow()
                    .manifest()
                    .chunks()
                    .getFirst();
            byte[] answer = asPeer.request(MessageCodec.encode(Request.newBuilder()
                            .setFolder("docs")
                            .setName("a.bin")
                            .setSize(chunk.size())
                            .setHash(ByteString.copyFrom(chunk.hash().bytes()))
                            .build()))
                    .get(10, TimeUnit.SECONDS);
            var response = MessageCodec.decodeResponse(answer);
            assertThat(response.getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
            assertThat(response.getData().toByteArray()).isEqualTo(Arrays.copyOf(content, chunk.size()));
            link.atA().close("done");
        } finally {
            release.countDown();
            hashing.shutdownNow();
        }
    }
}
