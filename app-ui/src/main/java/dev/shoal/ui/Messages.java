package dev.shoal.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every word the window shows, from {@code dev/shoal/ui/messages.properties}: a translation is one more file
 * ({@code messages_de.properties}) and no code. Texts with values use {@link MessageFormat} patterns.
 */
public final class Messages {
    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("dev.shoal.ui.messages", Locale.getDefault());

    private Messages() {}

    /**
     * The text under {@code key} (a pattern without values: a quote written '' shows as one); a missing key shows
     * as itself, so a gap is visible rather than fatal.
     */
    public static String get(String key) {
        return format(key);
    }

    /** The pattern under {@code key} with {@code args} filled in. */
    public static String format(String key, Object... args) {
        String pattern;
        try {
            pattern = BUNDLE.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return new MessageFormat(pattern, BUNDLE.getLocale()).format(args);
    }
}
