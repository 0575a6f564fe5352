package dev.shoal.engine.swarm;

import dev.shoal.engine.protocol.wire.DownloadProgress;
import dev.shoal.engine.protocol.wire.FileProgress;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.store.chunk.Hash;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each connected peer has told us it is downloading: per folder and file, the content (file hash) and the
 * chunks it has written so far. Such a peer can serve those chunks before it has the whole file.
 */
public final class PeerProgress {
    /** Bounds what one message can make us keep: a peer downloads a few dozen files at a time, not more. */
    static final int MAX_FILES = 256;

    static final int MAX_CHUNKS = 1 << 24;

    private record Key(DeviceId peer, String folder) {}

    private record Downloading(Hash fileHash, BitSet done) {}

    private final Map<Key, Map<String, Downloading>> byPeerFolder = new ConcurrentHashMap<>();

    /** Replaces what {@code peer} is downloading in the message's folder; entries that make no sense are dropped. */
    public void update(DeviceId peer, DownloadProgress message) {
        Map<String, Downloading> files = new HashMap<>();
        for (FileProgress f : message.getFilesList()) {
            if (files.size() == MAX_FILES) {
                break;
            }
            if (f.getFileHash().size() != Hash.LENGTH) {
                continue;
            }
            BitSet done = new BitSet();
            for (int i : f.getDoneChunksList()) {
                if (i >= 0 && i < MAX_CHUNKS) {
                    done.set(i);
                }
            }
            files.put(f.getName(), new Downloading(Hash.of(f.getFileHash().toByteArray()), done));
        }
        Key key = new Key(peer, message.getFolder());
        if (files.isEmpty()) {
            byPeerFolder.remove(key);
        } else {
            byPeerFolder.put(key, Map.copyOf(files));
        }
    }

    /** Forgets a peer that disconnected. */
    public void forget(DeviceId peer) {
        byPeerFolder.keySet().removeIf(k -> k.peer().equals(peer));
    }

    /** Whether {@code peer} is downloading exactly this content of the file. */
    public boolean downloading(DeviceId peer, String folder, String name, Hash fileHash) {
        Downloading d = get(peer, folder, name);
        return d != null && d.fileHash().equals(fileHash);
    }

    /** Whether {@code peer} has written chunk {@code i} of this content of the file. */
    public boolean has(DeviceId peer, String folder, String name, Hash fileHash, int i) {
        Downloading d = get(peer, folder, name);
        return d != null && d.fileHash().equals(fileHash) && d.done().get(i);
    }

    private Downloading get(DeviceId peer, String folder, String name) {
        Map<String, Downloading> files = byPeerFolder.get(new Key(peer, folder));
        return files == null ? null : files.get(name);
    }
}
