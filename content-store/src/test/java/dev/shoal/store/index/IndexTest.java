package dev.shoal.store.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.chunk.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexTest {
    @TempDir
    Path dir;

    static FileRecord file(String name, Manifest m, long device) {
        return new FileRecord(
                name,
                FileType.FILE,
                m.size(),
                1_700_000_000L,
                123_456_789,
                0644,
                false,
                VersionVector.EMPTY.bump(device),
                0,
                device,
                m,
                null,
                "(dev=1,ino=2)");
    }

    @Test
    void recordsSurviveReopenWithSequencesAndLocator() {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        Manifest m = new ChunkHasher().hash(data);
        Folder folder;
        try (Index index = Index.open(dir.resolve("index.db"))) {
            folder = index.addFolder("docs", dir.resolve("docs"));
            index.write(w -> {
                w.putLocal(folder, file("a/b.txt", m, 7));
                w.putLocal(folder, file("c.bin", m, 7));
                return null;
            });
            assertThat(index.maxSequence(folder)).isEqualTo(2);
        }
        try (Index index = Index.open(dir.resolve("index.db"))) {
            assertThat(index.folder("docs")).contains(folder);
            FileRecord r = index.localFile(folder, "a/b.txt").orElseThrow();
            assertThat(r.manifest()).isEqualTo(m);
            assertThat(r.mtimeNanos()).isEqualTo(123_456_789);
            assertThat(r.sequence()).isEqualTo(1);
            assertThat(index.localSince(folder, 1, 10))
                    .extracting(FileRecord::name)
                    .containsExactly("c.bin");
            assertThat(index.locate(m.chunks().get(1).hash()))
                    .extracting(l -> l.file().name() + "@" + l.offset())
                    .containsExactlyInAnyOrder(
                            "a/b.txt@" + m.chunks().get(1).offset(),
                            "c.bin@" + m.chunks().get(1).offset());

            index.write(w -> w.putLocal(folder, r.deletedBy(7)));
            assertThat(index.locate(m.chunks().get(1).hash())).hasSize(1);
            assertThat(index.localFile(folder, "a/b.txt").orElseThrow().sequence())
                    .isEqualTo(3);
            assertThat(index.integrityOk()).isTrue();
        }
    }

    @Test
    void foldersAddedThroughAnotherOpenIndexAreFoundAndLocated() {
        byte[] data = new byte[200_000];
        new Random(2).nextBytes(data);
        Manifest m = new ChunkHasher().hash(data);
        try (Index daemon = Index.open(dir.resolve("index.db"));
                Index other = Index.open(dir.resolve("index.db"))) {
            Folder docs = daemon.addFolder("docs", dir.resolve("docs"));
            assertThat(daemon.folder("docs")).contains(docs);
            assertThat(daemon.folder("photos")).isEmpty();

            // Known folders are kept in memory; one added by another process must still be seen.
            Folder photos = other.addFolder("photos", dir.resolve("photos"));
            other.write(w -> w.putLocal(photos, file("p.jpg", m, 3)));
            assertThat(daemon.folder("photos")).contains(photos);
            Folder music = other.addFolder("music", dir.resolve("music"));
            other.write(w -> w.putLocal(music, file("m.mp3", m, 3)));
            assertThat(daemon.locate(m.chunks().get(0).hash()))
                    .extracting(l -> l.folder().folderId() + "/" + l.file().name())
                    .containsExactlyInAnyOrder("photos/p.jpg", "music/m.mp3");
        }
    }

    @Test
    void failedBatchLeavesNothingBehind() {
        try (Index index = Index.open(dir.resolve("index.db"))) {
            Folder folder = index.addFolder("docs", dir);
            Manifest m = Manifest.empty(1);
            assertThatThrownBy(() -> index.write(w -> {
                        w.putLocal(folder, file("x", m, 1));
                        throw new IllegalStateException("disk full");
                    }))
                    .hasMessage("disk full");
            assertThat(index.localFiles(folder)).isEmpty();
            assertThat(index.maxSequence(folder)).isZero();
        }
    }

    @Test
    void remoteRecordsAndPartialsAreKeptPerDevice() {
        try (Index index = Index.open(dir.resolve("index.db"))) {
            Folder folder = index.addFolder("docs", dir);
            Manifest m = Manifest.empty(1);
            byte[] peer = new byte[32];
            peer[0] = 9;
            index.write(w -> {
                int key = w.deviceKey(peer);
                w.putRemote(folder, key, file("remote.txt", m, 9).withSequence(41));
                w.setRemoteIndex(folder, key, 1234, 41);
                return null;
            });
            assertThat(index.remoteFiles(folder, peer)).containsOnlyKeys("remote.txt");
            assertThat(index.localFiles(folder)).isEmpty();

            BitSet done = new BitSet();
            done.set(3);
            index.savePartial(folder, "big.iso", m.fileHash(), done);
            assertThat(index.partial(folder, "big.iso", m.fileHash())).contains(done);
            index.deletePartial(folder, "big.iso");
            assertThat(index.partial(folder, "big.iso", m.fileHash())).isEmpty();
        }
    }

    @Test
    void usesWalAndRefusesANewerSchema() throws Exception {
        Path db = dir.resolve("index.db");
        Index.open(db).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var st = c.createStatement()) {
            var rs = st.executeQuery("PRAGMA journal_mode");
            assertThat(rs.getString(1)).isEqualTo("wal");
            st.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> Index.open(db))
                .isInstanceOf(IndexException.class)
                .hasMessageContaining("newer Shoal");
        assertThat(Files.exists(db)).isTrue();
    }
}
