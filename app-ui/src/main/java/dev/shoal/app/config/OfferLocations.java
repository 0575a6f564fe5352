package dev.shoal.app.config;

import dev.shoal.engine.api.FolderIds;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a folder a peer offers is kept unless the user picks another place: always a new directory under the
 * user's Shoal folders directory ({@code ~/Shoal}), never that directory itself, never an existing one, and
 * never anywhere a strange folder ID could point.
 */
public final class OfferLocations {
    private OfferLocations() {}

    /** The user's Shoal folders directory. */
    public static Path base() {
        return Path.of(System.getProperty("user.home"), "Shoal");
    }

    /** A directory under {@code base} that does not exist yet, named after the folder ID where that is safe. */
    public static Path defaultFor(Path base, String folderId) {
        String name = FolderIds.isValid(folderId) && !folderId.startsWith(".") ? folderId : "shared-folder";
        Path root = base.toAbsolutePath().normalize();
        Path candidate = root.resolve(name).normalize();
        for (int n = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); n++) {
            candidate = root.resolve(name + " (" + n + ")");
        }
        if (!candidate.startsWith(root) || candidate.equals(root)) {
            throw new IllegalStateException("an offer's location " + candidate + " is not under " + root);
        }
        return candidate;
    }
}
