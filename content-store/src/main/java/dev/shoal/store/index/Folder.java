package dev.shoal.store.index;

import java.nio.file.Path;

/** A folder known to the index. {@code key} is the index's own row id; {@code folderId} the id shared with peers. */
public record Folder(int key, String folderId, Path path, long indexId) {}
