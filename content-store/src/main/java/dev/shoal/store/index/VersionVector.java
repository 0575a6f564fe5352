package dev.shoal.store.index;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A version vector: per device (by short id), how many changes of a file it has made. Two versions are
 * ordered when one vector dominates the other, and concurrent (a conflict) when neither does.
 */
public final class VersionVector {
    public static final VersionVector EMPTY = new VersionVector(new long[0], new long[0]);
    /**
     * Most counters a vector may hold: one per device that ever changed the file. Far above any real cluster,
     * and it bounds what a peer's record can make this device store and compare.
     */
    public static final int MAX_COUNTERS = 4096;

    public enum Order {
        EQUAL,
        GREATER,
        LESSER,
        CONCURRENT
    }

    private final long[] devices; // sorted, unique
    private final long[] counters;

    private VersionVector(long[] devices, long[] counters) {
        this.devices = devices;
        this.counters = counters;
    }

    public long counter(long device) {
        int i = Arrays.binarySearch(devices, device);
        return i >= 0 ? counters[i] : 0;
    }

    /**
     * The version after {@code device} changed the file: its counter becomes larger than every counter in the
     * vector, so the new version also sorts after anything this device has already seen.
     */
    public VersionVector bump(long device) {
        long next = 1;
        for (long c : counters) {
            next = Math.max(next, c + 1);
        }
        return with(device, next);
    }

    public VersionVector merge(VersionVector other) {
        VersionVector result = this;
        for (int i = 0; i < other.devices.length; i++) {
            if (other.counters[i] > result.counter(other.devices[i])) {
                result = result.with(other.devices[i], other.counters[i]);
            }
        }
        return result;
    }

    public Order compare(VersionVector other) {
        boolean greater = false;
        boolean lesser = false;
        int i = 0;
        int j = 0;
        while (i < devices.length || j < other.devices.length) {
            long a;
            long b;
            if (j >= other.devices.length || (i < devices.length && devices[i] < other.devices[j])) {
                a = counters[i++];
                b = 0;
            } else if (i >= devices.length || other.devices[j] < devices[i]) {
                a = 0;
                b = other.counters[j++];
            } else {
                a = counters[i++];
                b = other.counters[j++];
            }
            greater |= a > b;
            lesser |= a < b;
        }
        if (greater && lesser) {
            return Order.CONCURRENT;
        }
        return greater ? Order.GREATER : lesser ? Order.LESSER : Order.EQUAL;
    }

    public boolean isEmpty() {
        return devices.length == 0;
    }

    private VersionVector with(long device, long counter) {
        int i = Arrays.binarySearch(devices, device);
        if (i >= 0) {
            long[] c = counters.clone();
            c[i] = counter;
            return new VersionVector(devices, c);
        }
        int at = -i - 1;
        long[] d = new long[devices.length + 1];
        long[] c = new long[devices.length + 1];
        System.arraycopy(devices, 0, d, 0, at);
        System.arraycopy(counters, 0, c, 0, at);
        d[at] = device;
        c[at] = counter;
        System.arraycopy(devices, at, d, at + 1, devices.length - at);
        System.arraycopy(counters, at, c, at + 1, devices.length - at);
        return new VersionVector(d, c);
    }

    public byte[] encode() {
        ByteBuffer buf = ByteBuffer.allocate(devices.length * 16);
        for (int i = 0; i < devices.length; i++) {
            buf.putLong(devices[i]).putLong(counters[i]);
        }
        return buf.array();
    }

    /**
     * Decodes {@link #encode}'s form in O(n log n): a peer decides n, so a vector of many counters must cost a
     * sort, not a copy per counter. Zero counters are dropped; a device listed twice keeps its larger counter.
     *
     * @throws IllegalArgumentException when the data is not whole counters or holds more than {@link #MAX_COUNTERS}
     */
    public static VersionVector decode(byte[] data) {
        if (data.length % 16 != 0) {
            throw new IllegalArgumentException("version vector of " + data.length + " bytes");
        }
        int n = data.length / 16;
        if (n > MAX_COUNTERS) {
            throw new IllegalArgumentException(
                    "version vector of " + n + " counters exceeds the limit of " + MAX_COUNTERS);
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        long[][] pairs = new long[n][];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long device = buf.getLong();
            long counter = buf.getLong();
            if (counter > 0) {
                pairs[kept++] = new long[] {device, counter};
            }
        }
        Arrays.sort(pairs, 0, kept, (a, b) -> Long.compare(a[0], b[0]));
        long[] d = new long[kept];
        long[] c = new long[kept];
        int size = 0;
        for (int i = 0; i < kept; i++) {
            if (size > 0 && d[size - 1] == pairs[i][0]) {
                c[size - 1] = Math.max(c[size - 1], pairs[i][1]);
            } else {
                d[size] = pairs[i][0];
                c[size] = pairs[i][1];
                size++;
            }
        }
        return size == 0 ? EMPTY : new VersionVector(Arrays.copyOf(d, size), Arrays.copyOf(c, size));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector v && Arrays.equals(devices, v.devices) && Arrays.equals(counters, v.counters);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(devices) + Arrays.hashCode(counters);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < devices.length; i++) {
            sb.append(i > 0 ? ", " : "")
                    .append(
                            Long.toHexString(devices[i]),
                            0,
                            Math.min(7, Long.toHexString(devices[i]).length()))
                    .append(':')
                    .append(counters[i]);
        }
        return sb.append('}').toString();
    }
}
