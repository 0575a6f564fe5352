package dev.shoal.transport.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlBacklogTest {
    @Test
    void waitersRunWhenTheBacklogFallsBelowTheirBoundOrTheConnectionCloses() {
        ControlBacklog backlog = new ControlBacklog();
        List<String> ran = new ArrayList<>();
        backlog.queued(100);
        backlog.whenBelow(50, () -> ran.add("below 50"), false);
        backlog.whenBelow(10, () -> ran.add("below 10"), false);
        backlog.whenBelow(200, () -> ran.add("at once"), false);
        assertThat(ran).containsExactly("at once");
        backlog.taken(60);
        assertThat(ran).containsExactly("at once", "below 50");
        assertThat(backlog.bytes()).isEqualTo(40);
        backlog.closed();
        assertThat(ran).containsExactly("at once", "below 50", "below 10");
        backlog.whenBelow(1, () -> ran.add("closed"), true);
        assertThat(ran).endsWith("closed");
    }
}
