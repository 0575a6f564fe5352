package dev.shoal.store.index;

import dev.shoal.store.chunk.Manifest;

/**
 * What the index knows of one file, directory or symlink of a folder, as one device sees it.
 *
 * @param name relative, '/'-separated, NFC-normalized
 * @param permissions POSIX mode bits, or -1 where the OS has none
 * @param sequence the owning device's sequence number of this version (0 until committed)
 * @param modifiedBy short id of the device that made this version
 * @param manifest chunks of a regular file; null for directories, symlinks and deletions
 * @param fileKey the inode / file key seen at the last local scan; null for remote records
 */
public record FileRecord(
        String name,
        FileType type,
        long size,
        long mtimeSeconds,
        int mtimeNanos,
        int permissions,
        boolean deleted,
        VersionVector version,
        long sequence,
        long modifiedBy,
        Manifest manifest,
        String symlinkTarget,
        String fileKey) {

    public FileRecord withSequence(long seq) {
        return new FileRecord(
                name,
                type,
                size,
                mtimeSeconds,
                mtimeNanos,
                permissions,
                deleted,
                version,
                seq,
                modifiedBy,
                manifest,
                symlinkTarget,
                fileKey);
    }

    /** The same entry with another version, made by {@code device} (sequence and inode left to the writer). */
    public FileRecord withVersion(VersionVector newVersion, long device) {
        return new FileRecord(
                name,
                type,
                size,
                mtimeSeconds,
                mtimeNanos,
                permissions,
                deleted,
                newVersion,
                0,
                device,
                manifest,
                symlinkTarget,
                fileKey);
    }

    /** The same content under another name (a remote record, so no inode). */
    public FileRecord withName(String newName) {
        return new FileRecord(
                newName,
                type,
                size,
                mtimeSeconds,
                mtimeNanos,
                permissions,
                deleted,
                version,
                0,
                modifiedBy,
                manifest,
                symlinkTarget,
                null);
    }

    /** The same entry as deleted by {@code device}: a tombstone that propagates the deletion. */
    public FileRecord deletedBy(long device) {
        return new FileRecord(
                name,
                type,
                0,
                mtimeSeconds,
                mtimeNanos,
                permissions,
                true,
                version.bump(device),
                0,
                device,
                null,
                null,
                null);
    }
}
