package dev.shoal.engine.api;

/**
 * Text that came from a peer or the network (device names, labels, file names, close reasons) made safe to
 * show: control and format characters (escape sequences a terminal would act on, direction overrides that
 * make a name read backwards) are shown as {@code \\uXXXX} escapes, and length is bounded.
 */
public final class PeerText {
    private PeerText() {}

    /** {@code text} with every control or format character escaped, cut to about {@code max} characters. */
    public static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length() && out.length() < max; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE
                    || type == Character.UNASSIGNED && cp > 0xFFFF) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
            if (i < text.length() && out.length() >= max) {
                out.append('…');
                break;
            }
        }
        return out.toString();
    }

    /** As {@link #printable(String, int)} with no length bound beyond 4,096 characters. */
    public static String printable(String text) {
        return printable(text, 4096);
    }
}
