package dev.shoal.engine.pull;

import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The version of a file this device has now, read by offset as the base for partial chunk transfers. Reading it
 * is only an optimisation: any failure means "no base", and whatever is read is checked through the chunk hash.
 */
final class OldBytes implements AutoCloseable {
    private static final OldBytes NONE = new OldBytes(null);

    private final FileChannel channel;

    private OldBytes(FileChannel channel) {
        this.channel = channel;
    }

    /** The old file at {@code target} if {@code current} says one is there; never follows a symlink. */
    static OldBytes open(FileRecord current, Path target) {
        if (current == null || current.deleted() || current.type() != FileType.FILE || current.size() == 0) {
            return NONE;
        }
        try {
            return new OldBytes(FileChannel.open(target, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            return NONE;
        }
    }

    /** Up to {@code size} bytes from {@code offset}, or null when there are none. */
    byte[] read(long offset, int size) {
        if (channel == null) {
            return null;
        }
        try {
            ByteBuffer buf = ByteBuffer.allocate(size);
            while (buf.hasRemaining()) {
                if (channel.read(buf, offset + buf.position()) < 0) {
                    break;
                }
            }
            if (buf.position() == 0) {
                return null;
            }
            return buf.hasRemaining() ? Arrays.copyOf(buf.array(), buf.position()) : buf.array();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
