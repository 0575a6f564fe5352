package dev.shoal.engine.api;

public enum FolderState {
    IDLE,
    SCANNING,
    SYNCING,
    ERROR,
    /** Paused by the user: no scans, no pulls, nothing served. */
    PAUSED
}
