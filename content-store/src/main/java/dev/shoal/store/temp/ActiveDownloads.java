package dev.shoal.store.temp;

import dev.shoal.store.chunk.Hash;
import dev.shoal.store.index.Folder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The downloads now in progress on this device. Their written chunks are as good as any file's: peers can
 * fetch them (so a file spreads through several devices at once instead of hop by hop), and other downloads
 * can reuse them.
 */
public final class ActiveDownloads {
    /** Few at a time (one folder pulls a few dozen files at most), read far more often than changed. */
    private final List<PartialDownload> downloads = new CopyOnWriteArrayList<>();

    public void add(PartialDownload download) {
        downloads.add(download);
    }

    public void remove(PartialDownload download) {
        downloads.remove(download);
    }

    /** A written, verified chunk with this hash from a download of {@code only} (any folder when null). */
    public Optional<byte[]> read(Folder only, Hash hash, int size) {
        for (PartialDownload d : downloads) {
            if (only != null && d.folder().key() != only.key()) {
                continue;
            }
            Optional<byte[]> data = d.readWritten(hash, size);
            if (data.isPresent()) {
                return data;
            }
        }
        return Optional.empty();
    }

    /** The downloads of one folder in progress now. */
    public List<PartialDownload> of(Folder folder) {
        return downloads.stream().filter(d -> d.folder().key() == folder.key()).toList();
    }
}
