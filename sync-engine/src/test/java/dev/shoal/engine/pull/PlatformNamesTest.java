package dev.shoal.engine.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformNamesTest {
    static final PlatformNames WINDOWS = new PlatformNames(true, true);
    static final PlatformNames LINUX = new PlatformNames(false, false);
    static final PlatformNames MAC = new PlatformNames(false, true);

    @ParameterizedTest(name = "{0} on Windows: invalid={1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "CON; true",
                "con.txt; true",
                "dir/Nul.tar.gz; true",
                "COM1; true",
                "LPT9.log; true",
                "COM10; false",
                "CONSOLE.txt; false",
                "a:b; true",
                "what?.txt; true",
                "x<y; true",
                "pipe|name; true",
                "star*; true",
                "trailing.; true",
                "'trailing '; true",
                "dir./file; true",
                "normal name.txt; false",
                "dir/sub/report (1).docx; false",
                ".hidden; false",
            })
    void windowsNames(String name, boolean invalid) {
        assertThat(WINDOWS.invalid(name).isPresent()).isEqualTo(invalid);
        assertThat(LINUX.invalid(name)).isEmpty(); // all fine on Linux
    }

    @ParameterizedTest(name = "{0} vs {1} on a case-insensitive system: collides={2}")
    @CsvSource({
        "Readme.md, README.md, true",
        "readme.md, readme.md, false",
        "dir/A.txt, dir/a.txt, true",
        "dir/a.txt, Dir2/a.txt, false",
        // the same name, composed on one side and decomposed on the other (macOS)
        "caf\u00e9.txt, cafe\u0301.txt, true",
    })
    void caseAndNormalizationCollisions(String incoming, String present, boolean collides) {
        for (PlatformNames p : new PlatformNames[] {WINDOWS, MAC}) {
            Map<String, String> existing = Map.of(p.key(present), present);
            assertThat(p.collision(incoming, existing).isPresent()).isEqualTo(collides);
        }
        Map<String, String> onLinux = Map.of(LINUX.key(present), present);
        assertThat(LINUX.collision(incoming, onLinux)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theCheckerAppliesBothRulesAgainstTheNamesPresent() {
        var onWindows = WINDOWS.checker(java.util.List.of("docs/Readme.md"));
        assertThat(onWindows.problem("docs/README.md"))
                .hasValueSatisfying(p -> assertThat(p).contains("docs/Readme.md"));
        assertThat(onWindows.problem("a:b")).isPresent();
        assertThat(onWindows.problem("docs/other.md")).isEmpty();
        assertThat(LINUX.checker(java.util.List.of("docs/Readme.md")).problem("docs/README.md"))
                .isEmpty();
    }
}
