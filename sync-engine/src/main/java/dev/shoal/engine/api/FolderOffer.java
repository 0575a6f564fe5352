package dev.shoal.engine.api;

import dev.shoal.engine.spi.DeviceId;

/** A folder a paired device shares with this one that is not set up here yet. */
public record FolderOffer(String folderId, String label, DeviceId from) {}
