package dev.shoal.engine.api;

import java.util.Arrays;

/** How a folder takes part in sync. */
public enum FolderType {
    /** Local changes go out, peers' changes come in. */
    SEND_RECEIVE("send-receive"),
    /** Local changes go out; peers' changes are not applied (their differences can be overridden). */
    SEND_ONLY("send-only"),
    /** Peers' changes come in; local changes stay here, are flagged, and can be reverted. */
    RECEIVE_ONLY("receive-only");

    private final String label;

    FolderType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static FolderType parse(String label) {
        return Arrays.stream(values())
                .filter(t -> t.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown folder type '" + label + "'; use send-receive, send-only or receive-only"));
    }
}
