package dev.shoal.ui;

import dev.shoal.app.ShoalHome;
import dev.shoal.ui.model.MainViewModel;
import dev.shoal.ui.service.ShoalService;
import dev.shoal.ui.service.UiPrefs;
import dev.shoal.ui.view.MainWindow;
import dev.shoal.ui.view.Theme;
import java.io.IOException;
import java.time.ZoneId;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

/** The desktop app: the engine runs in this process, the window shows it. */
public final class ShoalApp extends Application {
    /** Set by {@link #launch(ShoalHome, String)} before JavaFX creates the app (it takes no arguments). */
    private static volatile ShoalHome home;

    private static volatile String defaultName;

    private ShoalService service;
    private EngineBridge bridge;

    /** Opens the window for {@code shoalHome}; returns when the app quits. */
    public static void launch(ShoalHome shoalHome, String deviceName) {
        home = shoalHome;
        defaultName = deviceName;
        Application.launch(ShoalApp.class);
    }

    @Override
    public void start(Stage stage) {
        Theme.followOs();
        try {
            service = ShoalService.start(home, defaultName);
        } catch (IOException | RuntimeException e) {
            Alert alert = new Alert(Alert.AlertType.ERROR, message(e));
            alert.setHeaderText(Messages.get("app.startFailed"));
            alert.showAndWait();
            Platform.exit();
            return;
        }
        MainViewModel model = new MainViewModel(ZoneId.systemDefault());
        bridge = new EngineBridge(service, model, Platform::runLater);
        MainWindow window = new MainWindow(service, model, bridge, getHostServices());
        stage.setTitle(Messages.get("app.name"));
        stage.setScene(new Scene(window.root()));
        UiPrefs prefs = service.uiPrefs();
        Tray.install(stage, prefs.closeToTray());
        bridge.start();
        stage.setIconified(prefs.startMinimized());
        stage.show();
    }

    /** What went wrong, in words a user can act on (port in use, unreadable config...). */
    static String message(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        if (m.contains("Address already in use")) {
            return Messages.format("app.portInUse", m);
        }
        return m;
    }

    @Override
    public void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (service != null) {
            service.close();
        }
        Tray.remove();
    }
}
