package dev.shoal.engine.folder;

import dev.shoal.engine.api.ConflictChoice;
import dev.shoal.engine.conflict.ConflictNames;
import dev.shoal.engine.protocol.SafePaths;
import dev.shoal.engine.protocol.UnsafeNameException;
import dev.shoal.store.fs.AtomicFiles;
import dev.shoal.store.versions.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The user's answer to a conflict, carried out on the files; a rescan then syncs the outcome like any edit.
 * Nothing is lost: a version that is set aside goes to the folder's versions.
 */
final class ConflictActions {
    private final Path root;
    private final VersionStore versions;

    ConflictActions(Path root, VersionStore versions) {
        this.root = root;
        this.versions = versions;
    }

    /** @return the name the copy now has (for {@link ConflictChoice#KEEP_BOTH}), or the file's name */
    String resolve(String copyName, ConflictChoice keep) throws IOException {
        String original = ConflictNames.original(copyName)
                .orElseThrow(() -> new IllegalArgumentException("'" + copyName + "' is not a conflict copy"));
        Path copy;
        Path file;
        try {
            copy = SafePaths.resolve(root, copyName);
            file = SafePaths.resolve(root, original);
        } catch (UnsafeNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("the conflict copy '" + copyName + "' is no longer there");
        }
        switch (keep) {
            case KEEP_CURRENT -> {
                versions.archive(copyName);
                return original;
            }
            case KEEP_COPY -> {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    versions.archive(original);
                }
                AtomicFiles.move(copy, file);
                return original;
            }
            case KEEP_BOTH -> {
                String kept = freeName(keptName(copyName, original));
                AtomicFiles.move(copy, root.resolve(kept));
                return kept;
            }
        }
        throw new IllegalStateException("unknown choice " + keep);
    }

    /** "notes.sync-conflict-20261121-130750-A3NL3TN.txt" becomes "notes (A3NL3TN 2026-11-21 13.07.50).txt". */
    static String keptName(String copyName, String original) {
        String device = ConflictNames.device(copyName).orElse("other");
        String stamp = copyName.replaceAll(
                ".*\\.sync-conflict-(\\d{4})(\\d{2})(\\d{2})-(\\d{2})(\\d{2})(\\d{2})-.*", "$1-$2-$3 $4.$5.$6");
        int slash = original.lastIndexOf('/');
        int dot = original.lastIndexOf('.');
        String ext = dot > slash + 1 ? original.substring(dot) : "";
        String base = original.substring(0, original.length() - ext.length());
        return base + " (" + device + " " + stamp + ")" + ext;
    }

    private String freeName(String name) {
        String candidate = name;
        for (int n = 2; Files.exists(root.resolve(candidate), LinkOption.NOFOLLOW_LINKS); n++) {
            int dot = name.lastIndexOf('.');
            int slash = name.lastIndexOf('/');
            candidate = dot > slash + 1 ? name.substring(0, dot) + " " + n + name.substring(dot) : name + " " + n;
        }
        return candidate;
    }
}
