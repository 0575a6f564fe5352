package dev.shoal.ui.view;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;

/** AtlantaFX's Primer theme, light or dark as the OS is set (and following it when the user switches). */
public final class Theme {
    private Theme() {}

    public static void followOs() {
        apply(Platform.getPreferences().getColorScheme());
        Platform.getPreferences().colorSchemeProperty().addListener((obs, old, now) -> apply(now));
    }

    private static void apply(ColorScheme scheme) {
        Application.setUserAgentStylesheet(
                scheme == ColorScheme.DARK
                        ? new PrimerDark().getUserAgentStylesheet()
                        : new PrimerLight().getUserAgentStylesheet());
    }
}
