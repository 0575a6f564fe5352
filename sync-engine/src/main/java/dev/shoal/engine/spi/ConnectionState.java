package dev.shoal.engine.spi;

/** Where the link to a peer stands, as reported with each change (with a reason for the user). */
public enum ConnectionState {
    DISCONNECTED,
    CONNECTING,
    CONNECTED,
    FAILED,
    RECONNECTING
}
