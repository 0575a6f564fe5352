package dev.shoal.engine.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.DeviceId;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConflictNamesTest {
    static final long DEVICE = 0x1234_5678_9ABC_DEF0L;
    static final long MTIME = Instant.parse("2026-11-21T13:04:05Z").getEpochSecond();

    @ParameterizedTest
    @CsvSource({
        "report.docx, report.sync-conflict-20261121-130405-%s.docx",
        "dir/sub/photo.jpg, dir/sub/photo.sync-conflict-20261121-130405-%s.jpg",
        "archive.tar.gz, archive.tar.sync-conflict-20261121-130405-%s.gz",
        "Makefile, Makefile.sync-conflict-20261121-130405-%s",
        ".bashrc, .bashrc.sync-conflict-20261121-130405-%s",
        "a.dir/noext, a.dir/noext.sync-conflict-20261121-130405-%s",
    })
    void namesKeepTheExtensionAndCarryTimeAndDevice(String name, String expected) {
        String device = DeviceId.shortString(DEVICE);
        String copy = ConflictNames.of(name, MTIME, DEVICE);
        assertThat(copy).isEqualTo(expected.formatted(device));
        assertThat(ConflictNames.isCopy(copy)).isTrue();
        assertThat(ConflictNames.original(copy)).contains(name);
        assertThat(ConflictNames.device(copy)).contains(device);
        assertThat(ConflictNames.isCopy(name)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"notes.sync-conflict-2026-x.txt", "notes.sync-conflict-20261121-130405-abcdefg.txt"})
    void lookalikesAreNotCopies(String name) {
        assertThat(ConflictNames.isCopy(name)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void theDevicePartIsTheStartOfTheDeviceId() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 100; i++) {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            DeviceId id = DeviceId.ofHash(hash);
            assertThat(DeviceId.shortString(id.shortValue())).isEqualTo(id.shortString());
        }
    }
}
