package dev.shoal.engine.ignore;

import dev.shoal.store.scan.ScanFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a folder's {@code .shoalignore}, gitignore-style: {@code *}, {@code **}, {@code ?}, {@code [..]},
 * a leading {@code /} (or any inner {@code /}) anchors to the folder root, a trailing {@code /} matches only
 * directories, {@code !} re-includes, {@code #} starts a comment, a {@code (?i)} prefix ignores case. The last
 * rule that matches decides. Anything below an ignored directory is ignored too. The ignore file itself is
 * local unless a rule re-includes it ({@code !/.shoalignore}).
 */
public final class IgnoreMatcher implements ScanFilter {
    public static final String FILE = ".shoalignore";
    public static final IgnoreMatcher NONE = parse(List.of());

    private record Rule(Pattern pattern, boolean negated, boolean directoryOnly) {}

    private final List<Rule> rules;

    private IgnoreMatcher(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of {@code folder}'s ignore file; none when it has no such file. */
    public static IgnoreMatcher load(Path folder) throws IOException {
        try {
            return parse(Files.readAllLines(folder.resolve(FILE), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return parse(List.of());
        }
    }

    public static IgnoreMatcher parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        rules.add(compile("/" + FILE)); // the ignore file stays local unless a later rule says otherwise
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Rule r = compile(line);
            if (r != null) {
                rules.add(r);
            }
        }
        return new IgnoreMatcher(List.copyOf(rules));
    }

    private static Rule compile(String line) {
        boolean negated = line.startsWith("!");
        if (negated) {
            line = line.substring(1);
        }
        boolean ignoreCase = line.startsWith("(?i)");
        if (ignoreCase) {
            line = line.substring(4);
        }
        boolean directoryOnly = line.endsWith("/");
        while (line.endsWith("/")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            return null;
        }
        // A slash anywhere but at the end ties the rule to the root; otherwise it matches at any depth.
        boolean anchored = line.contains("/");
        if (line.startsWith("/")) {
            line = line.substring(1);
        }
        String regex = (anchored ? "" : "(?:.*/)?") + globToRegex(line);
        int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        return new Rule(Pattern.compile(regex, flags), negated, directoryOnly);
    }

    static String globToRegex(String glob) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' && glob.startsWith("**", i)) {
                boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
                boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                if (atStart && slashAfter) {
                    out.append("(?:.*/)?"); // "**/": any number of directories, none included
                    i += 3;
                } else {
                    out.append(".*");
                    i += 2;
                }
            } else if (c == '*') {
                out.append("[^/]*");
                i++;
            } else if (c == '?') {
                out.append("[^/]");
                i++;
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 2);
                if (end < 0) {
                    out.append("\\[");
                    i++;
                    continue;
                }
                String body = glob.substring(i + 1, end);
                if (body.startsWith("!")) {
                    body = "^" + body.substring(1);
                }
                out.append('[').append(body.replace("\\", "\\\\")).append(']');
                i = end + 1;
            } else if (c == '\\' && i + 1 < glob.length()) {
                out.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return out.toString();
    }

    @Override
    public boolean ignored(String name, boolean directory) {
        // Like git: nothing below an ignored directory can be re-included.
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            if (decide(name.substring(0, slash), true)) {
                return true;
            }
        }
        return decide(name, directory);
    }

    private boolean decide(String name, boolean directory) {
        boolean ignored = false;
        for (Rule r : rules) {
            if ((!r.directoryOnly() || directory) && r.pattern().matcher(name).matches()) {
                ignored = !r.negated();
            }
        }
        return ignored;
    }
}
