package dev.shoal.store.versions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which device made each kept version: one line per version ({@code relative/path~stamp.ext TAB SHORTID}) in
 * {@code .made-by} in the versions area. Lines of versions that are gone are simply never looked up; the file is
 * opened without following links, so a symlink planted there leads nowhere.
 */
final class MadeBy {
    static final String FILE = ".made-by";
    private static final Pattern SHORT_ID = Pattern.compile("[A-Z2-7]{7}");
    /** Beyond this the file is not read (it only grows by one short line per version kept). */
    private static final long MAX_BYTES = 16L << 20;

    private MadeBy() {}

    /** Best effort: a version kept without its note only shows no device (e.g. a link planted at the file). */
    static synchronized void note(Path area, Path version, String device) {
        if (device == null || !SHORT_ID.matcher(device).matches()) {
            return;
        }
        String line = version.toString().replace('\\', '/') + "\t" + device + "\n";
        try (SeekableByteChannel out = Files.newByteChannel(
                area.resolve(FILE),
                Set.of(
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND,
                        LinkOption.NOFOLLOW_LINKS))) {
            out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // the version itself is kept; only whose it is goes unrecorded
        }
    }

    static synchronized Map<String, String> read(Path area) throws IOException {
        Map<String, String> out = new HashMap<>();
        Path file = area.resolve(FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
            return out;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Channels.newInputStream(
                        Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0 && SHORT_ID.matcher(line.substring(tab + 1)).matches()) {
                    out.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        } catch (NoSuchFileException gone) {
            return out;
        }
        return out;
    }

    /** Drops the notes of versions no longer kept (after a cleanup), so the file does not grow for ever. */
    static synchronized void keepOnly(Path area, Set<String> kept) {
        try {
            Map<String, String> all = read(area);
            if (kept.containsAll(all.keySet())) {
                return;
            }
            StringBuilder text = new StringBuilder();
            all.forEach((version, device) -> {
                if (kept.contains(version)) {
                    text.append(version).append('\t').append(device).append('\n');
                }
            });
            Path tmp = area.resolve(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            try (SeekableByteChannel out = Files.newByteChannel(
                    tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                out.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            }
            // A rename replaces whatever is at the name (a planted link included) without following it.
            Files.move(tmp, area.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the notes stay as they were; stale lines are only never looked up
        }
    }
}
