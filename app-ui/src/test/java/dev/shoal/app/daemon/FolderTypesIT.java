package dev.shoal.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.app.ShoalHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Send-only and receive-only folders between two daemons, set up and settled through the CLI. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FolderTypesIT {
    @TempDir
    Path tmp;

    static PairedHomes.Result shoal(String... args) {
        return PairedHomes.shoal(args);
    }

    static PairedHomes homes(Path tmp, String typeA, String typeB) throws Exception {
        PairedHomes h = PairedHomes.create(tmp, "alpha", "beta");
        assertThat(shoal("--home", h.homeA(), "folder", "add", h.docsA().toString(), "--id", "docs", "--type", typeA)
                        .code())
                .isZero();
        assertThat(shoal("--home", h.homeB(), "folder", "add", h.docsB().toString(), "--id", "docs", "--type", typeB)
                        .code())
                .isZero();
        return h;
    }

    /** Waits a few seconds, long enough for a change to have synced if it were going to. */
    static void settle() throws InterruptedException {
        Thread.sleep(4_000);
    }

    @Test
    void aSendOnlyFolderIgnoresPeersChangesUntilItOverridesThem() throws Exception {
        PairedHomes h = homes(tmp, "send-only", "send-receive");
        Files.writeString(h.docsA().resolve("plan.txt"), "the plan");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(h.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(h.homeB())))) {
            DaemonIT.await(() -> Files.exists(h.docsB().resolve("plan.txt")), "a's file reached b");

            Files.writeString(h.docsB().resolve("plan.txt"), "b's rewrite");
            Files.writeString(h.docsB().resolve("extra.txt"), "b's addition");
            settle();
            assertThat(h.docsA().resolve("plan.txt")).hasContent("the plan");
            assertThat(h.docsA().resolve("extra.txt")).doesNotExist();
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(shoal("--home", h.homeA(), "status", "--json")
                                    .out())
                            .at("/folders/0/type")
                            .asText())
                    .isEqualTo("send-only");
            assertThat(shoal("--home", h.homeA(), "folder", "revert", "docs").err())
                    .contains("revert applies to receive-only folders");

            assertThat(shoal("--home", h.homeA(), "folder", "override", "docs").code())
                    .isZero();
            DaemonIT.await(
                    () -> DaemonIT.sameBytes(
                            h.docsA().resolve("plan.txt"), h.docsB().resolve("plan.txt")),
                    "b took a's version back");
            DaemonIT.await(() -> !Files.exists(h.docsB().resolve("extra.txt")), "b's addition went");
            assertThat(h.docsA().resolve("extra.txt")).doesNotExist();
        }
    }

    @Test
    void aReceiveOnlyFolderKeepsLocalChangesToItselfAndRevertsThem() throws Exception {
        PairedHomes h = homes(tmp, "send-receive", "receive-only");
        Files.writeString(h.docsA().resolve("plan.txt"), "the plan");
        try (Daemon a = Daemon.start(ShoalHome.resolve(Path.of(h.homeA())));
                Daemon b = Daemon.start(ShoalHome.resolve(Path.of(h.homeB())))) {
            DaemonIT.await(() -> Files.exists(h.docsB().resolve("plan.txt")), "a's file reached b");

            Files.writeString(h.docsB().resolve("plan.txt"), "b's rewrite");
            Files.writeString(h.docsB().resolve("local.txt"), "b only");
            settle();
            assertThat(h.docsA().resolve("plan.txt")).hasContent("the plan");
            assertThat(h.docsA().resolve("local.txt")).doesNotExist();

            // Changes from a still arrive.
            Files.writeString(h.docsA().resolve("news.txt"), "from a");
            DaemonIT.await(() -> Files.exists(h.docsB().resolve("news.txt")), "a's new file reached b");

            assertThat(shoal("--home", h.homeB(), "folder", "revert", "docs").code())
                    .isZero();
            DaemonIT.await(
                    () -> DaemonIT.sameBytes(
                            h.docsA().resolve("plan.txt"), h.docsB().resolve("plan.txt")),
                    "b has a's version again");
            DaemonIT.await(() -> !Files.exists(h.docsB().resolve("local.txt")), "b's local file was reverted");
            assertThat(shoal("--home", h.homeB(), "versions", "list").out())
                    .contains("docs: plan.txt")
                    .contains("docs: local.txt");
        }
    }
}
