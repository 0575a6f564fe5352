package dev.shoal.engine.folder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FolderScheduleTest {
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final FolderSchedule schedule = new FolderSchedule("t", new FolderSchedule.Steps() {
        @Override
        public void scan(Set<String> paths) {
            ran.add("scan" + new java.util.TreeSet<>(paths));
        }

        @Override
        public void pullAll() {
            ran.add("pullAll");
        }

        @Override
        public void pullArrived() {
            ran.add("pullArrived");
        }
    });

    @AfterEach
    void close() {
        release.countDown();
        schedule.close();
    }

    /** Holds the loop in a task until {@link #release} opens, so what is asked meanwhile waits. */
    private void holdTheLoop() throws InterruptedException {
        schedule.run(() -> {
            blocked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private void drain() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        schedule.run(done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void scansAskedForWhileOneWaitsRunOnceWithAllTheirPaths() throws InterruptedException {
        holdTheLoop();
        schedule.scan(List.of("a"));
        schedule.scan(List.of("b/c"));
        schedule.scan(List.of("a"));
        release.countDown();
        drain();
        assertThat(ran).containsExactly("scan[a, b/c]");
    }

    @Test
    void aWholeFolderScanAbsorbsPartialOnes() throws InterruptedException {
        holdTheLoop();
        schedule.scan(List.of("a"));
        schedule.scan(List.of());
        release.countDown();
        drain();
        assertThat(ran).containsExactly("scan[]");
    }

    @Test
    void stepsRunInTheOrderAskedAndRepeatsWhileWaitingAddNothing() throws InterruptedException {
        holdTheLoop();
        schedule.pullArrived();
        schedule.scan(List.of("x"));
        schedule.pullAll();
        schedule.pullArrived();
        schedule.run(() -> ran.add("task"));
        schedule.pullAll();
        release.countDown();
        drain();
        assertThat(ran).containsExactly("pullArrived", "scan[x]", "pullAll", "task");
    }

    @Test
    void aStepAskedForWhileItRunsRunsAgainAfterwards() throws InterruptedException {
        CountDownLatch inScan = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        List<Set<String>> scans = new CopyOnWriteArrayList<>();
        try (FolderSchedule s = new FolderSchedule("u", new FolderSchedule.Steps() {
            @Override
            public void scan(Set<String> paths) {
                scans.add(paths);
                inScan.countDown();
                try {
                    goOn.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void pullAll() {}

            @Override
            public void pullArrived() {}
        })) {
            s.scan(List.of("first"));
            assertThat(inScan.await(10, TimeUnit.SECONDS)).isTrue();
            s.scan(List.of("second")); // a change during the scan may have been missed by it
            goOn.countDown();
            CountDownLatch done = new CountDownLatch(1);
            s.run(done::countDown);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(scans).containsExactly(Set.of("first"), Set.of("second"));
        }
    }

    @Test
    void aFailingStepDoesNotStopTheLoop() throws InterruptedException {
        schedule.run(() -> {
            throw new IllegalStateException("boom");
        });
        schedule.pullAll();
        drain();
        assertThat(ran).containsExactly("pullAll");
    }

    @Test
    void nothingRunsAfterClose() throws InterruptedException {
        holdTheLoop();
        schedule.pullAll();
        schedule.close();
        schedule.scan(List.of());
        assertThat(ran).isEmpty();
    }
}
