package dev.shoal.store.chunk;

/**
 * FastCDC content-defined chunking, the normalized 2020 variant: a gear rolling hash, a stricter mask before
 * the average size and a looser one after it (normalization level 2), no cut before the minimum size, and
 * several bytes rolled per loop iteration.
 *
 * <p>Because boundaries depend only on nearby content, an insertion near the start of a file moves the
 * boundaries of one or two chunks and every later chunk is found again unchanged.
 */
public final class FastCdc {
    private static final int NORMALIZATION = 2;

    // Static final: C2 then knows the tables hold 256 entries and drops the bounds checks of gear[b & 0xff].
    private static final long[] GEAR = Gear.table();
    private static final long[] GEAR_1 = shifted(GEAR, 1);
    private static final long[] GEAR_2 = shifted(GEAR, 2);
    private static final long[] GEAR_3 = shifted(GEAR, 3);

    private final ChunkParams params;
    private final long maskSmall;
    private final long maskLarge;

    public FastCdc(ChunkParams params) {
        this.params = params;
        int bits = Integer.numberOfTrailingZeros(params.avgSize());
        this.maskSmall = Gear.spreadMask(bits + NORMALIZATION);
        this.maskLarge = Gear.spreadMask(bits - NORMALIZATION);
    }

    public ChunkParams params() {
        return params;
    }

    /**
     * Length of the next chunk of {@code data[off, off+len)}.
     *
     * @param len bytes available; must be at least {@code maxSize} unless the input ends within them
     */
    public int cut(byte[] data, int off, int len) {
        int min = params.minSize();
        if (len <= min) {
            return len;
        }
        int end = Math.min(len, params.maxSize());
        int limit = Math.min(params.avgSize(), end);
        long mask = maskSmall;
        long fp = 0;
        int i = min;
        while (true) {
            // Four bytes per step with one shift: after byte j of a step the register holds the fingerprint
            // shifted left by (3 - j), tested against the mask shifted alike (the masks keep bits 63..60 clear,
            // so no mask bit is lost).
            long m3 = mask << 3;
            long m2 = mask << 2;
            long m1 = mask << 1;
            for (; i + 3 < limit; i += 4) {
                fp = (fp << 4) + GEAR_3[data[off + i] & 0xff];
                if ((fp & m3) == 0) {
                    return i + 1;
                }
                fp += GEAR_2[data[off + i + 1] & 0xff];
                if ((fp & m2) == 0) {
                    return i + 2;
                }
                fp += GEAR_1[data[off + i + 2] & 0xff];
                if ((fp & m1) == 0) {
                    return i + 3;
                }
                fp += GEAR[data[off + i + 3] & 0xff];
                if ((fp & mask) == 0) {
                    return i + 4;
                }
            }
            for (; i < limit; i++) {
                fp = (fp << 1) + GEAR[data[off + i] & 0xff];
                if ((fp & mask) == 0) {
                    return i + 1;
                }
            }
            if (limit == end) {
                return end;
            }
            limit = end;
            mask = maskLarge;
        }
    }

    private static long[] shifted(long[] gear, int by) {
        long[] out = new long[gear.length];
        for (int i = 0; i < gear.length; i++) {
            out[i] = gear[i] << by;
        }
        return out;
    }
}
