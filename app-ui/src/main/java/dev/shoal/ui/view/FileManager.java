package dev.shoal.ui.view;

import dev.shoal.ui.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Opens a folder in the system's file manager: {@code xdg-open} on Linux, {@code open} on macOS, {@code explorer}
 * on Windows. {@code -Dshoal.ui.openCommand=CMD} names another program (it gets the folder as its one argument).
 */
final class FileManager {
    private FileManager() {}

    /** Starts the file manager on {@code dir}; a message for the user when that is not possible. */
    static void open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(Messages.format("open.missing", dir));
        }
        List<String> command = new ArrayList<>(List.of(program().split(" ")));
        command.add(dir.toAbsolutePath().toString());
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IOException(Messages.format("open.failed", command.getFirst(), dir), e);
        }
        try {
            // xdg-open hands over and exits at once; a failure shows as its exit code.
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() != 0) {
                throw new IOException(Messages.format("open.failed", command.getFirst(), dir));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String program() {
        String configured = System.getProperty("shoal.ui.openCommand", "").strip();
        if (!configured.isEmpty()) {
            return configured;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("win") ? "explorer" : os.contains("mac") ? "open" : "xdg-open";
    }
}
