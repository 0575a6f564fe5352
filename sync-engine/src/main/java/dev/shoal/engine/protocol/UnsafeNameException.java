package dev.shoal.engine.protocol;

/** A file name from a peer that could write outside the folder (or into Shoal's own files); refused. */
public final class UnsafeNameException extends Exception {
    private final String name;

    public UnsafeNameException(String name, String reason) {
        super("refused file name '" + printable(name) + "': " + reason);
        this.name = name;
    }

    public String name() {
        return name;
    }

    private static String printable(String name) {
        return name == null ? "null" : name.replace("\0", "\\0");
    }
}
