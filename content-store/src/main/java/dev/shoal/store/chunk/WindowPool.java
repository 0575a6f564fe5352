package dev.shoal.store.chunk;

import java.util.ArrayDeque;

/**
 * Read windows lent from one file being hashed to the next. Scanning a folder of 120 files of 1–10 MiB used to
 * allocate fresh 4 MiB windows for every file, each a humongous object to G1, and G1 grew eden and the old
 * generation to 400–500 MB each while the folder was scanned. Windows are kept only while some file is being
 * hashed, so an idle daemon holds none of them.
 */
final class WindowPool {
    private final int size;
    private final int maxFree;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private int users;

    WindowPool(int size, int maxFree) {
        this.size = size;
        this.maxFree = maxFree;
    }

    int windowSize() {
        return size;
    }

    /** A file starts being hashed. */
    synchronized void enter() {
        users++;
    }

    /** A file is done; when no other is being hashed, the windows are let go. */
    synchronized void leave() {
        if (--users == 0) {
            free.clear();
        }
    }

    byte[] take() {
        synchronized (this) {
            byte[] b = free.poll();
            if (b != null) {
                return b;
            }
        }
        return new byte[size];
    }

    /** Gives back a window that no task reads any more; arrays of another size are left to the GC. */
    synchronized void give(byte[] window) {
        if (window.length != size || users == 0 || free.size() >= maxFree) {
            return;
        }
        for (byte[] f : free) {
            if (f == window) {
                return; // already given back: lending one array twice would mix two files' bytes
            }
        }
        free.push(window);
    }

    synchronized int freeWindows() {
        return free.size();
    }
}
