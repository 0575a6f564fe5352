package dev.shoal.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.ignore.IgnoreMatcher;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.index.VersionVector;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCountsTest {
    private static final long ME = 1;
    private static final long A = 2;
    private static final long B = 3;
    private static final DeviceId PEER_A = device(0xA);
    private static final DeviceId PEER_B = device(0xB);

    @TempDir
    Path dir;

    @Test
    void countsWhatThisDeviceHoldsWhatPeersHaveNewerAndHowCompleteEachPeerIs() {
        try (Index index = Index.open(dir.resolve("index.db"))) {
            Folder folder = index.addFolder("docs", dir.resolve("docs"));
            VersionVector mine = VersionVector.EMPTY.bump(ME);
            index.write(w -> {
                w.putLocal(folder, file("same.txt", 100, mine));
                w.putLocal(folder, file("old-here.txt", 200, mine));
                w.putLocal(folder, file("conflict.txt", 50, mine.bump(ME)));
                w.putLocal(folder, file("mine-only.txt", 1000, mine));
                w.putLocal(folder, file("deleted-here.txt", 70, mine).deletedBy(ME));
                int a = w.deviceKey(PEER_A.hash());
                w.putRemote(folder, a, file("same.txt", 100, mine));
                w.putRemote(folder, a, file("old-here.txt", 250, mine.bump(A)));
                w.putRemote(folder, a, file("conflict.txt", 60, mine.bump(A)));
                w.putRemote(folder, a, file("missing.txt", 500, VersionVector.EMPTY.bump(A)));
                w.putRemote(
                        folder,
                        a,
                        file("gone.txt", 90, VersionVector.EMPTY.bump(A)).deletedBy(A));
                w.putRemote(folder, a, file("build.log", 40, VersionVector.EMPTY.bump(A)));
                w.putRemote(folder, a, directory("photos", VersionVector.EMPTY.bump(A)));
                int b = w.deviceKey(PEER_B.hash());
                w.putRemote(folder, b, file("same.txt", 100, mine));
                w.putRemote(folder, b, file("old-here.txt", 300, mine.bump(A).bump(B)));
                return null;
            });

            FolderCounts.Counts counts =
                    FolderCounts.count(index, folder, Set.of(PEER_A, PEER_B), IgnoreMatcher.parse(List.of("*.log")));

            // Live local files only: the deleted one is not counted.
            assertThat(counts.localFiles()).isEqualTo(4);
            assertThat(counts.localBytes()).isEqualTo(1350);
            // old-here.txt once, in B's newest version; missing.txt; the directory. Not the conflict, not the
            // deletion of a file never held here, not the ignored log.
            assertThat(counts.needFiles()).isEqualTo(3);
            assertThat(counts.needBytes()).isEqualTo(300 + 500);
            // A holds same, old-here (newer) and conflict (concurrent): 350 of 1350 bytes; B 300 of them.
            assertThat(counts.completion()).isEqualTo(Map.of(PEER_A, 25, PEER_B, 22));
            assertThat(counts.peerNeedBytes()).isEqualTo(Map.of(PEER_A, 1000L, PEER_B, 1050L));
        }
    }

    @Test
    void anEmptyFolderIsCompleteEverywhereAndNeedsNothing() {
        try (Index index = Index.open(dir.resolve("index.db"))) {
            Folder folder = index.addFolder("docs", dir.resolve("docs"));

            FolderCounts.Counts counts = FolderCounts.count(index, folder, Set.of(PEER_A), IgnoreMatcher.NONE);

            assertThat(counts).isEqualTo(new FolderCounts.Counts(0, 0, 0, 0, Map.of(PEER_A, 100), Map.of(PEER_A, 0L)));
        }
    }

    private static FileRecord file(String name, int size, VersionVector version) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) name.length());
        return new FileRecord(
                name,
                FileType.FILE,
                size,
                1_700_000_000L,
                0,
                0644,
                false,
                version,
                0,
                ME,
                new ChunkHasher().hash(data),
                null,
                null);
    }

    private static FileRecord directory(String name, VersionVector version) {
        return new FileRecord(
                name, FileType.DIRECTORY, 0, 1_700_000_000L, 0, 0755, false, version, 0, A, null, null, null);
    }

    private static DeviceId device(int seed) {
        byte[] hash = new byte[DeviceId.HASH_LENGTH];
        Arrays.fill(hash, (byte) seed);
        return DeviceId.ofHash(hash);
    }
}
