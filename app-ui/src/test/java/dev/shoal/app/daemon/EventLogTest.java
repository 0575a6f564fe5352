package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLogTest {
    @Test
    void aLongPollWaitsForTheNextEventAndIdsIncreaseByOne() throws Exception {
        EventLog log = new EventLog();
        log.publish("A", Map.of());
        CompletableFuture<EventLog.Page> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return log.since(1, Duration.ofSeconds(10), 100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        log.publish("B", Map.of("k", "v"));
        EventLog.Page page = waiting.get(5, TimeUnit.SECONDS);
        assertThat(page.events()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(2);
            assertThat(e.type()).isEqualTo("B");
            assertThat(e.data()).containsEntry("k", "v");
        });
        assertThat(page.missed()).isZero();
        assertThat(log.since(2, Duration.ZERO, 100).events()).isEmpty();
    }

    @Test
    void aClientThatFellBehindLearnsHowManyItMissed() throws Exception {
        EventLog log = new EventLog();
        int total = EventLog.CAPACITY + 25;
        for (int i = 0; i < total; i++) {
            log.publish("E", Map.of("n", i));
        }
        EventLog.Page page = log.since(0, Duration.ZERO, EventLog.CAPACITY);
        assertThat(page.missed()).isEqualTo(25);
        assertThat(page.events()).hasSize(EventLog.CAPACITY);
        assertThat(page.events().getFirst().id()).isEqualTo(26);
        assertThat(page.lastId()).isEqualTo(total);
        assertThat(log.since(30, Duration.ZERO, 10).missed()).isZero();
    }
}
