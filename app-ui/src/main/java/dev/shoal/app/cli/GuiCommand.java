package dev.shoal.app.cli;

import dev.shoal.ui.ShoalApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code shoal gui} (and {@code shoal} alone, where there is a display): the desktop window. */
@Command(name = "gui", description = "Open the Shoal window (the engine runs inside it).")
final class GuiCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Override
    public Integer call() {
        if (!displayAvailable()) {
            throw new UserError("No display to open a window on. On a server use 'shoal run' (headless mode).");
        }
        ShoalApp.launch(parent.home(), InitCommand.hostName());
        return 0;
    }

    /** Linux and the BSDs need an X11 or Wayland display; macOS and Windows always have one. */
    static boolean displayAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac") || os.contains("win")) {
            return true;
        }
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }
}
