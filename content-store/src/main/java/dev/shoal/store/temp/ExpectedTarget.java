package dev.shoal.store.temp;

import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * What the target of a download must look like for the download to replace it: absent, or exactly as the
 * local record describes it. Anything else means the user changed it after the pull was planned.
 */
public record ExpectedTarget(FileRecord local) {
    public static final ExpectedTarget ABSENT = new ExpectedTarget(null);

    public static ExpectedTarget of(FileRecord local) {
        return local == null || local.deleted() ? ABSENT : new ExpectedTarget(local);
    }

    public void check(Path target) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (local == null) {
                return;
            }
            throw new TargetChangedException(target + " was deleted locally after the download was planned");
        }
        if (local == null) {
            throw new TargetChangedException(target + " was created locally after the download was planned");
        }
        Instant mtime = attrs.lastModifiedTime().toInstant();
        boolean same = local.type() == FileType.FILE
                ? attrs.isRegularFile()
                        && attrs.size() == local.size()
                        && mtime.getEpochSecond() == local.mtimeSeconds()
                        && mtime.getNano() == local.mtimeNanos()
                : local.type() == FileType.DIRECTORY ? attrs.isDirectory() : attrs.isSymbolicLink();
        if (!same) {
            throw new TargetChangedException(target + " was modified locally after the download was planned");
        }
    }
}
