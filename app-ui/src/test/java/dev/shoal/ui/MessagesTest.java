package dev.shoal.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The window's texts live in the resource bundle: every key the code uses is there, and no text is left in code. */
class MessagesTest {
    private static final Path UI = Path.of("src/main/java/dev/shoal/ui");
    private static final Pattern KEY = Pattern.compile("Messages\\.(?:get|format)\\(\\s*\"([^\"]+)\"");
    /** A literal with a letter handed straight to something the user reads. */
    private static final Pattern SHOWN_LITERAL = Pattern.compile(
            "(new (?:Label|Button|CheckBox|MenuItem|Tooltip|Hyperlink|RadioButton|TrayIcon)\\([^\"\\n]*\"[^\"]*[A-Za-z]"
                    + "|\\.set(?:Text|PromptText|Title|HeaderText|ContentText|AccessibleText)\\(\"[^\"]*[A-Za-z]"
                    + "|Dialogs\\.(?:title|stage)\\((?:owner, )?\"[^\"]*[A-Za-z])");

    static Properties bundle() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream("/dev/shoal/ui/messages.properties")) {
            p.load(in);
        }
        return p;
    }

    static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(UI)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void everyKeyTheWindowUsesIsInTheBundleAndEveryPatternParses() throws IOException {
        Properties bundle = bundle();
        TreeSet<String> missing = new TreeSet<>();
        int used = 0;
        for (Path f : sources()) {
            Matcher m = KEY.matcher(Files.readString(f));
            while (m.find()) {
                used++;
                if (!bundle.containsKey(m.group(1))) {
                    missing.add(f.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertThat(used).as("keys used by the window").isGreaterThan(100);
        assertThat(missing).as("keys missing from messages.properties").isEmpty();
        for (String key : bundle.stringPropertyNames()) {
            new MessageFormat(bundle.getProperty(key)); // throws on a broken pattern
        }
    }

    @Test
    void noTextTheUserReadsIsWrittenInTheCode() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : sources()) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                String withoutKeys = KEY.matcher(lines.get(i)).replaceAll("Messages.get(KEY");
                if (SHOWN_LITERAL.matcher(withoutKeys).find()) {
                    found.add(f.getFileName() + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
                }
            }
        }
        assertThat(found).as("texts to move into messages.properties").isEmpty();
    }

    @Test
    void valuesAreFilledInAndPluralsRead() {
        assertThat(Messages.format("folder.state.waiting", 1, "40 %")).isEqualTo("Waiting for 1 file · 40 %");
        assertThat(Messages.format("folder.state.waiting", 3, "40 %")).isEqualTo("Waiting for 3 files · 40 %");
        assertThat(Messages.format("main.conflictsCount", 0)).isEqualTo("Conflicts");
        assertThat(Messages.format("main.conflictsCount", 2)).isEqualTo("Conflicts (2)");
        assertThat(Messages.format("folder.remove.confirm", "docs")).isEqualTo("Stop syncing 'docs' (files stay)");
        assertThat(Messages.get("no.such.key")).isEqualTo("no.such.key");
    }
}
