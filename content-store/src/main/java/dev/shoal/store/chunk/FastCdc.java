package dev.shoal.store.chunk;

/**
 * FastCDC content-defined chunking, the normalized 2020 variant: a gear rolling hash, a stricter mask before
 * the average size and a looser one after it (normalization level 2), no cut before the minimum size, and
 * two bytes rolled per loop iteration.
 *
 * <p>Because boundaries depend only on nearby content, an insertion near the start of a file moves the
 * boundaries of one or two chunks and every later chunk is found again unchanged.
 */
public final class FastCdc {
    private static final int NORMALIZATION = 2;

    // Static final: C2 then knows both tables hold 256 entries and drops the bounds checks of gear[b & 0xff].
    private static final long[] GEAR = Gear.table();
    private static final long[] GEAR_SHIFTED = shifted(GEAR);

    private final ChunkParams params;
    private final long maskSmall;
    private final long maskSmallShifted;
    private final long maskLarge;
    private final long maskLargeShifted;

    public FastCdc(ChunkParams params) {
        this.params = params;
        int bits = Integer.numberOfTrailingZeros(params.avgSize());
        this.maskSmall = Gear.spreadMask(bits + NORMALIZATION);
        this.maskLarge = Gear.spreadMask(bits - NORMALIZATION);
        this.maskSmallShifted = maskSmall << 1;
        this.maskLargeShifted = maskLarge << 1;
    }

    private static long[] shifted(long[] gear) {
        long[] out = new long[gear.length];
        for (int i = 0; i < gear.length; i++) {
            out[i] = gear[i] << 1;
        }
        return out;
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
        long maskShifted = maskSmallShifted;
        long fp = 0;
        int i = min;
        while (true) {
            // Two bytes per iteration: (fp << 1) after the first byte is tested against the shifted mask.
            for (; i + 1 < limit; i += 2) {
                fp = (fp << 2) + GEAR_SHIFTED[data[off + i] & 0xff];
                if ((fp & maskShifted) == 0) {
                    return i + 1;
                }
                fp += GEAR[data[off + i + 1] & 0xff];
                if ((fp & mask) == 0) {
                    return i + 2;
                }
            }
            if (i < limit) {
                fp = (fp << 1) + GEAR[data[off + i] & 0xff];
                if ((fp & mask) == 0) {
                    return i + 1;
                }
                i++;
            }
            if (limit == end) {
                return end;
            }
            limit = end;
            mask = maskLarge;
            maskShifted = maskLargeShifted;
        }
    }
}
