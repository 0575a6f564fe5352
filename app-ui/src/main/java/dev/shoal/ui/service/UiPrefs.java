package dev.shoal.ui.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.store.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Settings only the window cares about, in {@code HOME/ui.json}, saved crash-safe (temp file, fsync, rename).
 *
 * @param startMinimized open to the tray (or minimized) instead of showing the window
 * @param closeToTray closing the window keeps Shoal running in the system tray, where there is one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UiPrefs(boolean startMinimized, boolean closeToTray) {
    public static final String FILE = "ui.json";
    public static final UiPrefs DEFAULTS = new UiPrefs(false, true);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static UiPrefs load(Path home) {
        Path file = home.resolve(FILE);
        try {
            return Files.exists(file) ? JSON.readValue(file.toFile(), UiPrefs.class) : DEFAULTS;
        } catch (IOException e) {
            return DEFAULTS; // a damaged file costs two check boxes, not the app
        }
    }

    public void save(Path home) throws IOException {
        AtomicFiles.write(home.resolve(FILE), JSON.writeValueAsBytes(this));
    }
}
