package dev.shoal.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShoalHomeTest {
    private final Path user = Path.of("/home/ada");

    @Test
    void followsEachOsConvention() {
        assertThat(ShoalHome.defaultDir("Linux", Map.of(), user)).isEqualTo(Path.of("/home/ada/.config/shoal"));
        assertThat(ShoalHome.defaultDir("Linux", Map.of("XDG_CONFIG_HOME", "/cfg"), user))
                .isEqualTo(Path.of("/cfg/shoal"));
        assertThat(ShoalHome.defaultDir("Mac OS X", Map.of(), user))
                .isEqualTo(Path.of("/home/ada/Library/Application Support/Shoal"));
        assertThat(ShoalHome.defaultDir("Windows 11", Map.of("LOCALAPPDATA", "/appdata"), user))
                .isEqualTo(Path.of("/appdata/Shoal"));
    }

    @Test
    void overrideWins() {
        assertThat(ShoalHome.resolve(Path.of("/tmp/h")).dir()).isEqualTo(Path.of("/tmp/h"));
    }
}
