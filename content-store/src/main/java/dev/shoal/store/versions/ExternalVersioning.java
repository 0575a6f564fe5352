package dev.shoal.store.versions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hands a replaced or deleted file to the user's command (external versioning). The command is split at spaces,
 * never run through a shell; {@code %FILE_PATH%} becomes the file's absolute path (or the path is added last).
 * The command must take the file away within a minute: if it fails, or leaves the file where it was, that is an
 * error for this file, and the change that needed the file gone waits.
 */
final class ExternalVersioning {
    static final long TIMEOUT_S = 60;

    private ExternalVersioning() {}

    static void run(String command, Path file) throws IOException {
        List<String> args = new ArrayList<>();
        boolean placed = false;
        for (String part : command.strip().split("\\s+")) {
            if (part.contains("%FILE_PATH%")) {
                args.add(part.replace("%FILE_PATH%", file.toAbsolutePath().toString()));
                placed = true;
            } else {
                args.add(part);
            }
        }
        if (!placed) {
            args.add(file.toAbsolutePath().toString());
        }
        Process p = new ProcessBuilder(args)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        "the versioning command " + args.getFirst() + " did not finish within " + TIMEOUT_S + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the versioning command ran");
        }
        if (p.exitValue() != 0) {
            throw new IOException("the versioning command " + args.getFirst() + " failed (exit " + p.exitValue() + ")");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the versioning command " + args.getFirst() + " left " + file
                    + " in place; it must move or delete it");
        }
    }
}
