package io.cutovermonitor.reconciler;

import java.math.BigInteger;

/**
 * One side's figures for one chunk: the row count and the exact sum of the rows' signed 64-bit hash slices.
 * Addition is exact (no XOR, no CRC, no wrap-around), so equal multisets of rows give equal checksums whatever
 * the order, and a chunk's figures are the sum of its parts' figures.
 */
public record ChunkChecksum(long rowCount, BigInteger sum) {

    /** The name carried in the events' {@code algorithm} field. */
    public static final String ALGORITHM = "canonical-md5-sum64";

    public static final ChunkChecksum EMPTY = new ChunkChecksum(0, BigInteger.ZERO);

    public ChunkChecksum plus(ChunkChecksum other) {
        return new ChunkChecksum(rowCount + other.rowCount, sum.add(other.sum));
    }

    /** The checksum as written in events: the exact sum in decimal. */
    public String checksum() {
        return sum.toString();
    }

    /** Exact running sum of signed 64-bit values in two longs (a 128-bit two's-complement accumulator). */
    public static final class Accumulator {
        private long count;
        private long hi;
        private long lo;

        public void add(long slice) {
            long n = lo + slice;
            if (Long.compareUnsigned(n, lo) < 0) {
                hi++;
            }
            if (slice < 0) {
                hi--;
            }
            lo = n;
            count++;
        }

        public void add(Accumulator other) {
            long n = lo + other.lo;
            if (Long.compareUnsigned(n, lo) < 0) {
                hi++;
            }
            hi += other.hi;
            lo = n;
            count += other.count;
        }

        public long count() {
            return count;
        }

        public ChunkChecksum toChecksum() {
            BigInteger v = BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
            return new ChunkChecksum(count, v);
        }
    }
}
