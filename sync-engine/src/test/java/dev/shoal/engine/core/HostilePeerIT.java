package dev.shoal.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.api.SyncEngine;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.RecordMapper;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.ErrorCode;
import dev.shoal.engine.protocol.wire.IndexUpdate;
import dev.shoal.engine.protocol.wire.Request;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.engine.testing.Await;
import dev.shoal.engine.testing.MemoryLink;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Index;
import dev.shoal.store.index.VersionVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A paired but malicious device against a real engine: every trick is refused and nothing leaves the folder. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HostilePeerIT {
    @TempDir
    Path tmp;

    static void await(BooleanSupplier condition, String what) {
        Await.until(what, java.time.Duration.ofSeconds(60), condition);
    }

    static DeviceId device(int seed) {
        byte[] hash = new byte[DeviceId.HASH_LENGTH];
        new Random(seed).nextBytes(hash);
        return DeviceId.ofHash(hash);
    }

    static byte[] random(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void hostileRecordsWrongBytesAndUnsharedFoldersAreAllRefused() throws Exception {
        DeviceId victimId = device(1);
        DeviceId attackerId = device(2);
        Path docs = Files.createDirectories(tmp.resolve("victim/docs"));
        Path secret = Files.createDirectories(tmp.resolve("victim/private"));
        byte[] shared = random(1, 400_000);
        Files.write(docs.resolve("shared.bin"), shared);
        Files.write(secret.resolve("secret.bin"), random(2, 400_000));
        ForkJoinPool pool = new ForkJoinPool(2);
        DeviceId someoneElse = DeviceId.ofCertificate("someone else".getBytes());

        try (Index index = Index.open(tmp.resolve("victim-home/index.db"));
                SyncEngine victim = SyncEngine.create(
                        victimId,
                        index,
                        List.of(
                                new FolderSpec("docs", docs, Set.of(attackerId)),
                                new FolderSpec("private", secret, Set.of(someoneElse))),
                        pool)) {
            victim.start();
            MemoryLink link = MemoryLink.between(attackerId, "attacker", victimId, "victim");
            PeerConnection attack = link.atA();
            // The attacker answers every chunk request with garbage of the right length.
            attack.setHandler(new PeerHandler() {
                @Override
                public void control(byte[] message) {}

                @Override
                public CompletableFuture<byte[]> request(byte[] request) {
                    try {
                        int size = MessageCodec.decodeRequest(request).getSize();
                        return CompletableFuture.completedFuture(
                                MessageCodec.encode(dev.shoal.engine.protocol.wire.Response.newBuilder()
                                        .setData(ByteString.copyFrom(new byte[size]))
                                        .build()));
                    } catch (Exception e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }

                @Override
                public void closed(String reason) {}
            });
            victim.connected(link.atB());
            await(() -> victim.state("docs") == dev.shoal.engine.api.FolderState.IDLE, "victim scanned");

            Manifest m = new ChunkHasher().hash(random(3, 300_000));
            long attacker = attackerId.shortValue();
            IndexUpdate.Builder evil = IndexUpdate.newBuilder().setFolder("docs");
            int seq = 1;
            for (String name :
                    new String[] {"../escape.txt", "/tmp/absolute.txt", "a/../../up.txt", "C:/win.txt", "innocent.txt"
                    }) {
                evil.addFiles(RecordMapper.toWire(new FileRecord(
                        name,
                        FileType.FILE,
                        m.size(),
                        1_700_000_000L,
                        0,
                        0644,
                        false,
                        VersionVector.EMPTY.bump(attacker),
                        seq++,
                        attacker,
                        m,
                        null,
                        null)));
            }
            attack.sendControl(MessageCodec.encode(
                    Envelope.newBuilder().setIndexUpdate(evil).build()));
            // Records for a folder that is not shared with the attacker are ignored.
            IndexUpdate.Builder intoPrivate = IndexUpdate.newBuilder()
                    .setFolder("private")
                    .addFiles(RecordMapper.toWire(new FileRecord(
                            "planted.txt",
                            FileType.FILE,
                            m.size(),
                            1,
                            0,
                            0644,
                            false,
                            VersionVector.EMPTY.bump(attacker),
                            9,
                            attacker,
                            m,
                            null,
                            null)));
            attack.sendControl(MessageCodec.encode(
                    Envelope.newBuilder().setIndexUpdate(intoPrivate).build()));

            await(
                    () -> victim.errors("docs")
                            .keySet()
                            .containsAll(List.of(
                                    "../escape.txt",
                                    "/tmp/absolute.txt",
                                    "a/../../up.txt",
                                    "C:/win.txt",
                                    "innocent.txt")),
                    "every hostile record was refused");
            assertThat(victim.errors("docs").get("../escape.txt")).contains("refused");
            assertThat(victim.errors("docs").get("innocent.txt")).contains("does not match its hash");

            // Nothing written outside the folder, nothing half-written under a final name, nothing planted.
            assertThat(Files.exists(tmp.resolve("victim/escape.txt"))).isFalse();
            assertThat(Files.exists(tmp.resolve("escape.txt"))).isFalse();
            assertThat(Files.exists(Path.of("/tmp/absolute.txt"))).isFalse();
            assertThat(Files.exists(docs.resolve("innocent.txt"))).isFalse();
            assertThat(Files.exists(secret.resolve("planted.txt"))).isFalse();
            try (Stream<Path> all = Files.walk(tmp.resolve("victim"))) {
                assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("up.txt", "win.txt");
            }

            // Chunk requests: an unshared folder gets NOT_SHARED, a shared one is still served (the victim is fine).
            var chunkOfSecret = index.localFile(index.folder("private").orElseThrow(), "secret.bin")
                    .orElseThrow()
                    .manifest()
                    .chunks()
                    .getFirst();
            var refused = MessageCodec.decodeResponse(attack.request(MessageCodec.encode(Request.newBuilder()
                            .setFolder("private")
                            .setName("secret.bin")
                            .setSize(chunkOfSecret.size())
                            .setHash(ByteString.copyFrom(chunkOfSecret.hash().bytes()))
                            .build()))
                    .get(10, TimeUnit.SECONDS));
            assertThat(refused.getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_SHARED);
            assertThat(refused.getData()).isEmpty();

            var chunkOfShared = index.localFile(index.folder("docs").orElseThrow(), "shared.bin")
                    .orElseThrow()
                    .manifest()
                    .chunks()
                    .getFirst();
            var served = MessageCodec.decodeResponse(attack.request(MessageCodec.encode(Request.newBuilder()
                            .setFolder("docs")
                            .setName("shared.bin")
                            .setSize(chunkOfShared.size())
                            .setHash(ByteString.copyFrom(chunkOfShared.hash().bytes()))
                            .build()))
                    .get(10, TimeUnit.SECONDS));
            assertThat(served.getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
            assertThat(served.getData().toByteArray()).isEqualTo(java.util.Arrays.copyOf(shared, chunkOfShared.size()));
        } finally {
            pool.shutdownNow();
        }
    }
}
