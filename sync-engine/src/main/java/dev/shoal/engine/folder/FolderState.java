package dev.shoal.engine.folder;

public enum FolderState {
    IDLE,
    SCANNING,
    SYNCING,
    ERROR
}
