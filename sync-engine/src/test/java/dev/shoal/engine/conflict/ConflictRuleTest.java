package dev.shoal.engine.conflict;

import static dev.shoal.engine.conflict.ConflictRule.Winner.LOCAL;
import static dev.shoal.engine.conflict.ConflictRule.Winner.REMOTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.VersionVector;
import org.junit.jupiter.api.Test;

class ConflictRuleTest {
    static FileRecord rec(long mtime, int nanos, long device, boolean deleted) {
        return new FileRecord(
                "f",
                FileType.FILE,
                1,
                mtime,
                nanos,
                0644,
                deleted,
                VersionVector.EMPTY.bump(device),
                0,
                device,
                null,
                null,
                null);
    }

    @Test
    void theNewerEditWins() {
        assertThat(ConflictRule.winner(rec(200, 0, 1, false), rec(100, 0, 2, false)))
                .isEqualTo(LOCAL);
        assertThat(ConflictRule.winner(rec(100, 0, 1, false), rec(200, 0, 2, false)))
                .isEqualTo(REMOTE);
        assertThat(ConflictRule.winner(rec(100, 5, 1, false), rec(100, 4, 2, false)))
                .isEqualTo(LOCAL);
    }

    @Test
    void equalTimesGoToTheLargerDeviceIdTheSameWayOnBothSides() {
        FileRecord a = rec(100, 0, 0x10, false);
        FileRecord b = rec(100, 0, 0xF0000000_00000000L, false); // larger as an unsigned id
        assertThat(ConflictRule.winner(a, b)).isEqualTo(REMOTE);
        assertThat(ConflictRule.winner(b, a)).isEqualTo(LOCAL);
    }

    @Test
    void anEditBeatsADeletionWhateverTheTimes() {
        assertThat(ConflictRule.winner(rec(100, 0, 1, false), rec(900, 0, 2, true)))
                .isEqualTo(LOCAL);
        assertThat(ConflictRule.winner(rec(900, 0, 1, true), rec(100, 0, 2, false)))
                .isEqualTo(REMOTE);
    }
}
