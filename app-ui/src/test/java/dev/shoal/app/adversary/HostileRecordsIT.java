package dev.shoal.app.adversary;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.shoal.app.Await;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.daemon.Daemon;
import dev.shoal.app.daemon.PairedHomes;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.RecordMapper;
import dev.shoal.engine.protocol.wire.ChunkInfo;
import dev.shoal.engine.protocol.wire.Counter;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.FileInfo;
import dev.shoal.engine.protocol.wire.IndexUpdate;
import dev.shoal.store.chunk.Hash;
import dev.shoal.store.chunk.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings 6 and 7: records that would make the daemon compute or allocate without bound are refused (the
 * lying device is disconnected), and the daemon's paired friend keeps syncing meanwhile.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileRecordsIT {
    @TempDir
    Path tmp;

    /** A victim paired with a friend (syncing "docs") and with the hostile device, which also shares "docs". */
    static Daemon[] victimAndFriend(Path tmp, PairedHomes homes, HostileDevice mallory) throws Exception {
        PairedHomes.shoal("--home", homes.homeA(), "device", "add", mallory.id().toString());
        var shared = PairedHomes.shoal(
                "--home",
                homes.homeA(),
                "folder",
                "add",
                homes.docsA().toString(),
                "--id",
                "docs",
                "--share",
                mallory.id().toString());
        assertThat(shared.code()).as(shared.err()).isZero();
        Daemon victim = Daemon.start(ShoalHome.resolve(Path.of(homes.homeA())));
        Daemon friend = Daemon.start(ShoalHome.resolve(Path.of(homes.homeB())));
        mallory.connect(victim.identity().deviceId(), victim.endpoint().localAddress());
        return new Daemon[] {victim, friend};
    }

    static void awaitDisconnected(Daemon victim, HostileDevice mallory) throws InterruptedException {
        Await.until(
                () -> victim.endpoint().sessions().stream()
                        .noneMatch(s -> mallory.id().equals(s.device())),
                "the device sending it is disconnected",
                30);
    }

    @Test
    void aVersionOfAQuarterMillionCountersAndAGigabyteChunkAreRefusedWhileSyncGoesOn() throws Exception {
        PairedHomes homes = PairedHomes.create(tmp, "victim", "friend");
        try (HostileDevice mallory = new HostileDevice()) {
            Daemon[] d = victimAndFriend(tmp, homes, mallory);
            try (Daemon victim = d[0];
                    Daemon friend = d[1]) {
                // Finding 6: one record whose version vector has 250,000 counters.
                FileInfo.Builder huge =
                        RecordMapper.toWire(mallory.file("huge-version.txt", new byte[] {1})).toBuilder()
                                .clearVersion();
                for (int i = 0; i < 250_000; i++) {
                    huge.addVersion(Counter.newBuilder().setDevice(i * 7919L).setValue(i + 1));
                }
                long sent = System.nanoTime();
                mallory.sendControl(MessageCodec.encode(Envelope.newBuilder()
                        .setIndexUpdate(
                                IndexUpdate.newBuilder().setFolder("docs").addFiles(huge))
                        .build()));
                awaitDisconnected(victim, mallory);
                System.out.printf(
                        "a 250,000-counter version refused in %d ms%n", (System.nanoTime() - sent) / 1_000_000);

                // Meanwhile (and after) the friend syncs as usual.
                Files.writeString(homes.docsA().resolve("after-counters.txt"), "still syncing");
                Await.until(
                        () -> Files.exists(homes.docsB().resolve("after-counters.txt")), "the friend still syncs", 30);

                // Finding 7: a chunk of 1 GiB, consistent in size and hash, that a pull would have to allocate.
                mallory.connect(victim.identity().deviceId(), victim.endpoint().localAddress());
                int gib = 1 << 30;
                Hash h = Hash.of(new byte[32]);
                Manifest m = Manifest.of(1, List.of(new Manifest.ChunkSizeAndHash(gib, h)));
                FileInfo.Builder big = RecordMapper.toWire(mallory.file("big-chunk.bin", new byte[] {1})).toBuilder()
                        .setSize(gib)
                        .clearChunks()
                        .addChunks(ChunkInfo.newBuilder().setSize(gib).setHash(ByteString.copyFrom(h.bytes())))
                        .setFileHash(ByteString.copyFrom(m.fileHash().bytes()));
                mallory.sendControl(MessageCodec.encode(Envelope.newBuilder()
                        .setIndexUpdate(
                                IndexUpdate.newBuilder().setFolder("docs").addFiles(big))
                        .build()));
                awaitDisconnected(victim, mallory);
                assertThat(Files.exists(homes.docsA().resolve("big-chunk.bin"))).isFalse();
                assertThat(victim.engine().state("docs")).isNotEqualTo(dev.shoal.engine.api.FolderState.SYNCING);
                Files.writeString(homes.docsA().resolve("after-chunk.txt"), "still syncing");
                Await.until(() -> Files.exists(homes.docsB().resolve("after-chunk.txt")), "the friend still syncs", 30);
            }
        }
    }
}
