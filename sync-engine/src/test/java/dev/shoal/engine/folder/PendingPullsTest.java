package dev.shoal.engine.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.VersionVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingPullsTest {
    static final DeviceId PEER = device(1);
    static final DeviceId OTHER = device(2);

    static DeviceId device(int b) {
        byte[] hash = new byte[DeviceId.HASH_LENGTH];
        Arrays.fill(hash, (byte) b);
        return DeviceId.ofHash(hash);
    }

    static FileRecord record(String name, long sequence) {
        return new FileRecord(
                name, FileType.FILE, 10, 0, 0, -1, false, VersionVector.EMPTY, sequence, 7, null, null, null);
    }

    static List<FileRecord> records(String prefix, int n) {
        List<FileRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(record(prefix + i, i + 1));
        }
        return out;
    }

    @Test
    void batchesArrivingWhileThePullIsBusyBecomeOnePullWithTheNewestRecordOfEachName() {
        PendingPulls pending = new PendingPulls(100);

        assertThat(pending.add(PEER, List.of(record("a", 1), record("b", 2)))).isTrue();
        assertThat(pending.add(PEER, List.of(record("a", 3))))
                .as("already scheduled")
                .isFalse();
        assertThat(pending.add(OTHER, List.of(record("a", 9)))).isFalse();

        PendingPulls.Work work = pending.take();
        assertThat(work.all()).isFalse();
        assertThat(work.records().get(PEER))
                .extracting(FileRecord::name, FileRecord::sequence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 3L), org.assertj.core.groups.Tuple.tuple("b", 2L));
        assertThat(work.records().get(OTHER)).extracting(FileRecord::sequence).containsExactly(9L);
        assertThat(work.flat()).hasSize(3);

        assertThat(pending.take().records()).as("taken once").isEmpty();
        assertThat(pending.add(PEER, List.of(record("c", 4))))
                .as("records after a take need a new pull")
                .isTrue();
    }

    @Test
    void pastTheLimitNoRecordIsHeldAndTheNextPullCoversEverything() {
        PendingPulls pending = new PendingPulls(50);

        pending.add(PEER, records("x", 40));
        pending.add(OTHER, records("y", 11));
        pending.add(PEER, records("z", 1_000));

        PendingPulls.Work work = pending.take();
        assertThat(work.all()).isTrue();
        assertThat(work.records()).isEmpty();

        pending.add(PEER, records("w", 5));
        PendingPulls.Work next = pending.take();
        assertThat(next.all()).as("a take starts afresh").isFalse();
        assertThat(next.flat()).hasSize(5);
    }

    @Test
    void theSameNamesSentAgainDoNotCountTwiceTowardsTheLimit() {
        PendingPulls pending = new PendingPulls(50);
        for (int round = 0; round < 10; round++) {
            pending.add(PEER, records("same", 40));
        }
        assertThat(pending.take().all()).isFalse();
    }
}
