package dev.shoal.ui;

import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the OS has a system tray, closing the window leaves Shoal syncing there ("Open Shoal" / "Quit");
 * elsewhere closing the window quits, as people expect of an app without a tray.
 */
final class Tray {
    private static final Logger LOG = LoggerFactory.getLogger(Tray.class);
    private static TrayIcon icon;

    private Tray() {}

    static void install(Stage stage, boolean closeToTray) {
        if (!closeToTray || java.awt.GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
            return;
        }
        try {
            PopupMenu menu = new PopupMenu();
            MenuItem open = new MenuItem(Messages.get("tray.open"));
            open.addActionListener(e -> Platform.runLater(() -> {
                stage.show();
                stage.toFront();
            }));
            MenuItem quit = new MenuItem(Messages.get("tray.quit"));
            quit.addActionListener(e -> Platform.runLater(Platform::exit));
            menu.add(open);
            menu.add(quit);
            icon = new TrayIcon(image(), Messages.get("app.name"), menu);
            icon.setImageAutoSize(true);
            icon.addActionListener(e -> Platform.runLater(stage::show));
            SystemTray.getSystemTray().add(icon);
            Platform.setImplicitExit(false); // the window closes; the engine keeps syncing
        } catch (Exception e) {
            LOG.info("no system tray icon ({}); closing the window quits Shoal", e.toString());
        }
    }

    static void remove() {
        if (icon != null) {
            SystemTray.getSystemTray().remove(icon);
            icon = null;
        }
    }

    private static BufferedImage image() {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        var g = img.createGraphics();
        g.setColor(new java.awt.Color(0x1f, 0x6f, 0xeb));
        g.fillRoundRect(1, 1, 14, 14, 6, 6);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(4, 6, 8, 2);
        g.fillRect(4, 9, 8, 2);
        g.dispose();
        return img;
    }
}
