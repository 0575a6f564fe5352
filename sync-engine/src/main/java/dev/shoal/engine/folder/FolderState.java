package dev.shoal.engine.folder;

public enum FolderState {
    IDLE,
    SCANNING,
    SYNCING,
    ERROR,
    /** Paused by the user: no scans, no pulls, nothing served. */
    PAUSED
}
