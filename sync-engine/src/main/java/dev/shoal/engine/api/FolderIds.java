package dev.shoal.engine.api;

import java.util.regex.Pattern;

/**
 * What a folder ID and a folder label may be, wherever they come from (the user, or a peer's offer). An ID
 * becomes part of paths (an offer's default location is {@code ~/Shoal/<id>}), so it is a plain name: letters,
 * digits, '.', '_' and '-', at most 64, and never a name made of dots alone ({@code .}, {@code ..}).
 */
public final class FolderIds {
    public static final int MAX_LENGTH = 64;
    /** Longest label shown for a folder; a longer one from a peer is cut. */
    public static final int MAX_LABEL = 64;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");
    private static final Pattern DOTS = Pattern.compile("\\.+");

    private FolderIds() {}

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches() && !DOTS.matcher(id).matches();
    }

    /** Why {@code id} cannot be a folder ID, for a user to read. */
    public static String problem(String id) {
        return "Folder ID '" + PeerText.printable(id, MAX_LENGTH + 8)
                + "' may only use letters, digits, '.', '_' and '-' (" + MAX_LENGTH
                + " at most), and cannot be dots alone.";
    }

    /** A peer's label made fit to show: control and format characters replaced, at most {@link #MAX_LABEL}. */
    public static String label(String label, String id) {
        String clean = PeerText.printable(label == null ? "" : label.strip(), MAX_LABEL);
        return clean.isEmpty() ? PeerText.printable(id, MAX_LABEL) : clean;
    }
}
