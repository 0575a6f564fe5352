package dev.shoal.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shoal.store.fs.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads and writes {@code config.json}. Writes are crash-safe (temp file, fsync, atomic rename) and
 * serialized across processes by a lock file, so the CLI and a running daemon never lose each other's edits.
 */
public final class ConfigStore {
    public static final String FILE = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Path lockFile;

    public ConfigStore(Path home) {
        this.file = home.resolve(FILE);
        this.lockFile = home.resolve(".config.lock");
    }

    public Path file() {
        return file;
    }

    public Optional<Config> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Config.class));
        } catch (IOException e) {
            throw new IOException(
                    file + " cannot be read ("
                            + e.getMessage().lines().findFirst().orElse("")
                            + "). Fix or remove it; the device identity is kept separately.",
                    e);
        }
    }

    public void save(Config config) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(config), true); // folder paths and device IDs: owner only
    }

    /** Loads, changes and saves the config under the cross-process lock; returns the saved config. */
    public Config update(Config initial, UnaryOperator<Config> change) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            Config next = change.apply(load().orElse(initial));
            save(next);
            return next;
        }
    }
}
