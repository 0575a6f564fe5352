package dev.shoal.engine.pull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.pull.NeedPlanner.Action;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.VersionVector;
import org.junit.jupiter.api.Test;

class NeedPlannerTest {
    static final long A = 1;
    static final long B = 2;
    static final Manifest ONE = new ChunkHasher().hash(new byte[] {1});
    static final Manifest TWO = new ChunkHasher().hash(new byte[] {2});

    static FileRecord file(VersionVector v, Manifest m) {
        return new FileRecord("f", FileType.FILE, m.size(), 1, 0, 0644, false, v, 0, A, m, null, null);
    }

    @Test
    void newerRemoteVersionsArePulledOlderAndEqualOnesIgnored() {
        VersionVector v1 = VersionVector.EMPTY.bump(A);
        VersionVector v2 = v1.bump(B);
        assertThat(NeedPlanner.plan(null, file(v1, ONE))).isEqualTo(Action.PULL);
        assertThat(NeedPlanner.plan(file(v1, ONE), file(v2, TWO))).isEqualTo(Action.PULL);
        assertThat(NeedPlanner.plan(file(v2, TWO), file(v1, ONE))).isEqualTo(Action.NONE);
        assertThat(NeedPlanner.plan(file(v2, TWO), file(v2, TWO))).isEqualTo(Action.NONE);
    }

    @Test
    void deletionsPropagateOnlyOverVersionsTheyDescendFrom() {
        VersionVector v1 = VersionVector.EMPTY.bump(A);
        FileRecord local = file(v1, ONE);
        assertThat(NeedPlanner.plan(local, local.deletedBy(B))).isEqualTo(Action.DELETE);
        assertThat(NeedPlanner.plan(null, local.deletedBy(B))).isEqualTo(Action.NONE);
        // Edited here while deleted there: a conflict, never a silent delete of the edit.
        FileRecord editedHere = file(v1.bump(A), TWO);
        assertThat(NeedPlanner.plan(editedHere, local.deletedBy(B))).isEqualTo(Action.CONFLICT);
    }

    @Test
    void concurrentEditsConflictUnlessTheContentIsTheSame() {
        VersionVector base = VersionVector.EMPTY.bump(A);
        FileRecord mine = file(base.bump(A), ONE);
        FileRecord theirs = file(base.bump(B), TWO);
        assertThat(NeedPlanner.plan(mine, theirs)).isEqualTo(Action.CONFLICT);
        // The same content reached both independently: no conflict, the versions are merged.
        assertThat(NeedPlanner.plan(mine, file(base.bump(B), ONE))).isEqualTo(Action.ADOPT);
    }

    @Test
    void aNewerRecordOfExactlyWhatIsHereIsAdoptedNotPulled() {
        VersionVector rebuilt = VersionVector.EMPTY.bump(A); // an index rebuilt here: our own fresh version
        FileRecord mine = file(rebuilt, ONE);
        FileRecord theirs = file(rebuilt.merge(VersionVector.EMPTY.bump(B).bump(B)), ONE);
        assertThat(NeedPlanner.plan(mine, theirs)).isEqualTo(Action.ADOPT);
        assertThat(NeedPlanner.plan(mine, file(theirs.version(), TWO))).isEqualTo(Action.PULL);
    }
}
