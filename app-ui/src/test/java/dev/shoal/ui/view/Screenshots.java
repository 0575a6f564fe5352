package dev.shoal.ui.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Renders a scene (real JavaFX rendering, in software under Monocle) to a PNG in the repository's
 * {@code docs/screenshots}, so the pictures the README shows are the window as the tests last saw it.
 */
final class Screenshots {
    static final Path DIR = Path.of("..", "docs", "screenshots");

    private Screenshots() {}

    /** Call on the FX thread. */
    static Path save(Scene scene, String name) throws IOException {
        WritableImage image = scene.snapshot(null);
        Files.createDirectories(DIR);
        Path file = DIR.resolve(name + ".png");
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        return file;
    }
}
