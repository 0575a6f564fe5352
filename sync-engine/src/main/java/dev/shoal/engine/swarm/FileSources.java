package dev.shoal.engine.swarm;

import dev.shoal.engine.pull.ChunkSource;
import dev.shoal.engine.pull.SourceFinder;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.chunk.Hash;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds, for a file to pull, every connected device that can serve its chunks: the one that announced it,
 * others whose record has the same content, and others still downloading that content (for the chunks they
 * have so far).
 */
public final class FileSources {
    private final Index index;
    private final Swarm swarm;
    private final PeerProgress progress;
    private final Function<DeviceId, ChunkSource> connected;

    /** @param connected the chunk source of a connected device, null when it is not connected */
    public FileSources(Index index, Swarm swarm, PeerProgress progress, Function<DeviceId, ChunkSource> connected) {
        this.index = index;
        this.swarm = swarm;
        this.progress = progress;
        this.connected = connected;
    }

    /** The finder for one folder, shared with the devices {@code sharedWith} supplies (read at each file). */
    public SourceFinder forFolder(Folder folder, Supplier<Collection<DeviceId>> sharedWith) {
        return (from, wanted) -> find(folder, sharedWith.get(), from, wanted);
    }

    private ChunkSource find(Folder folder, Collection<DeviceId> sharedWith, DeviceId from, FileRecord wanted) {
        if (wanted.manifest() == null) {
            return connected.apply(from); // a directory, symlink or deletion: no chunks
        }
        List<Swarm.Candidate> now = candidates(folder, sharedWith, from, wanted);
        if (now.isEmpty()) {
            return null;
        }
        // A one-chunk file gains nothing from a second source, and looking for one costs a query per device.
        if (wanted.manifest().chunks().size() < 2) {
            return swarm.forFile(wanted.manifest(), now);
        }
        return swarm.forFile(wanted.manifest(), () -> candidates(folder, sharedWith, from, wanted));
    }

    private List<Swarm.Candidate> candidates(
            Folder folder, Collection<DeviceId> sharedWith, DeviceId from, FileRecord wanted) {
        List<Swarm.Candidate> candidates = new ArrayList<>();
        ChunkSource primary = connected.apply(from);
        if (primary != null) {
            candidates.add(new Swarm.Candidate(from, primary, i -> true));
        }
        if (wanted.manifest().chunks().size() < 2) {
            return candidates;
        }
        Hash content = wanted.manifest().fileHash();
        String folderId = folder.folderId();
        String name = wanted.name();
        for (DeviceId other : sharedWith) {
            ChunkSource source = other.equals(from) ? null : connected.apply(other);
            if (source == null) {
                continue;
            }
            if (sameContent(index.remoteFile(folder, other.hash(), name), content)) {
                candidates.add(new Swarm.Candidate(other, source, i -> true));
            } else if (progress.downloading(other, folderId, name, content)) {
                candidates.add(
                        new Swarm.Candidate(other, source, i -> progress.has(other, folderId, name, content, i)));
            }
        }
        return candidates;
    }

    private static boolean sameContent(Optional<FileRecord> record, Hash content) {
        return record.isPresent()
                && !record.get().deleted()
                && record.get().manifest() != null
                && record.get().manifest().fileHash().equals(content);
    }
}
