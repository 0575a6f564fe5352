package dev.shoal.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.PeerConnection;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RecordIntakeTest {
    /** What the intake asked of the connection: true for a pause, false for a resume. */
    final List<Boolean> pauses = new CopyOnWriteArrayList<>();

    final PeerConnection connection = (PeerConnection) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {PeerConnection.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "pauseControlMessages" -> pauses.add((Boolean) args[0]);
                    case "device" -> {} // named in a log line
                    default -> throw new UnsupportedOperationException(method.getName());
                }
                return null;
            });

    @Test
    void aPeerSendingFasterThanRecordsAreStoredIsPausedOnceAndResumedOnceMostAreStored() {
        RecordIntake intake = new RecordIntake(connection, 3_000, 1_500);

        intake.arrived(1_000);
        intake.arrived(1_000);
        intake.arrived(1_000);
        assertThat(pauses).as("at the limit, not over it").isEmpty();
        intake.arrived(1_000);
        intake.arrived(1_000); // already in flight when the pause took effect
        assertThat(pauses).containsExactly(true);

        intake.stored(1_000);
        intake.stored(1_000);
        intake.stored(1_000);
        assertThat(pauses).as("still 2,000 waiting").containsExactly(true);
        intake.stored(1_000);
        assertThat(pauses).containsExactly(true, false);
        assertThat(intake.waiting()).isEqualTo(1_000);

        intake.stored(1_000);
        intake.arrived(500);
        assertThat(pauses).as("nothing more while under the limit").containsExactly(true, false);
    }
}
