package dev.shoal.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.store.index.VersionVector.Order;
import org.junit.jupiter.api.Test;

class VersionVectorTest {
    @Test
    void bumpOrdersVersionsAndIndependentBumpsConflict() {
        VersionVector base = VersionVector.EMPTY.bump(1);
        VersionVector a = base.bump(1);
        VersionVector b = base.bump(2);

        assertThat(a.compare(base)).isEqualTo(Order.GREATER);
        assertThat(base.compare(a)).isEqualTo(Order.LESSER);
        assertThat(a.compare(b)).isEqualTo(Order.CONCURRENT);
        assertThat(a.merge(b).compare(a)).isEqualTo(Order.GREATER);
        assertThat(a.merge(b).compare(b)).isEqualTo(Order.GREATER);
        assertThat(a.compare(VersionVector.decode(a.encode()))).isEqualTo(Order.EQUAL);
    }

    @Test
    void bumpSortsAfterEverythingSeen() {
        VersionVector v = VersionVector.EMPTY.bump(5).bump(5).bump(5);
        assertThat(v.bump(9).counter(9)).isEqualTo(4);
    }
}
