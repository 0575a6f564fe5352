package dev.shoal.engine.ignore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A table of rules (lines separated by '|'), paths and whether they are ignored. */
class IgnoreMatcherTest {
    static IgnoreMatcher rules(String lines) {
        return IgnoreMatcher.parse(Arrays.asList(lines.split("\\|")));
    }

    @ParameterizedTest(name = "[{0}] {1} (dir={2}) -> {3}")
    @CsvSource(
            delimiter = ';',
            value = {
                // basename patterns match at any depth
                "*.log; app.log; false; true",
                "*.log; deep/in/tree/app.log; false; true",
                "*.log; app.log.txt; false; false",
                "*.log; logs; true; false",
                // ? and character classes
                "file?.txt; file1.txt; false; true",
                "file?.txt; file10.txt; false; false",
                "file?.txt; file/.txt; false; false",
                "[abc].bin; b.bin; false; true",
                "[abc].bin; d.bin; false; false",
                "[!abc].bin; d.bin; false; true",
                "[a-c]x; bx; false; true",
                // a leading or inner slash anchors to the root
                "/build; build; true; true",
                "/build; sub/build; true; false",
                "docs/tmp; docs/tmp; true; true",
                "docs/tmp; x/docs/tmp; true; false",
                // a trailing slash matches directories only, and what is inside them
                "cache/; cache; true; true",
                "cache/; cache; false; false",
                "cache/; a/cache/data.bin; false; true",
                // ** spans directories
                "**/node_modules; a/b/node_modules; true; true",
                "**/node_modules; node_modules; true; true",
                "logs/**; logs/a/b.txt; false; true",
                "a/**/z; a/z; false; true",
                "a/**/z; a/b/c/z; false; true",
                "a/**/z; b/a/z; false; false",
                // everything below an ignored directory
                "target; target/classes/A.class; false; true",
                // negation: the last matching rule decides
                "*.tmp|!keep.tmp; keep.tmp; false; false",
                "*.tmp|!keep.tmp; other.tmp; false; true",
                "!keep.tmp|*.tmp; keep.tmp; false; true",
                // ... but nothing can be re-included below an ignored directory
                "build/|!build/keep.txt; build/keep.txt; false; true",
                // comments, blanks, case
                "# *.txt|   ; a.txt; false; false",
                "(?i)*.JPG; holiday.jpg; false; true",
                "*.JPG; holiday.jpg; false; false",
                // special characters are literal
                "a+b(1).txt; a+b(1).txt; false; true",
                "a+b(1).txt; aab(1).txt; false; false",
                "\\#notes; #notes; false; true",
                // the ignore file itself stays local unless re-included
                "*.log; .shoalignore; false; true",
                "!/.shoalignore; .shoalignore; false; false",
                "*.log; sub/.shoalignore; false; false",
            })
    void table(String lines, String path, boolean directory, boolean ignored) {
        assertThat(rules(lines).ignored(path, directory)).isEqualTo(ignored);
    }
}
