package dev.shoal.store.index;

public enum FileType {
    FILE,
    DIRECTORY,
    SYMLINK;

    static FileType of(int code) {
        return values()[code];
    }
}
