package io.cutovermonitor.reconciler.internal;

import io.cutovermonitor.reconciler.ChunkChecksum;
import io.cutovermonitor.reconciler.ColumnKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalTest {

    @Test
    void decimalsHaveNoExponentNoTrailingZerosAndNoNegativeZero() {
        // Given decimals of different scales / When canonicalised / Then one text per value
        assertThat(Canonical.decimal(new BigDecimal("0.7100"))).isEqualTo("0.71");
        assertThat(Canonical.decimal(new BigDecimal(".71"))).isEqualTo("0.71");
        assertThat(Canonical.decimal(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Canonical.decimal(new BigDecimal("100.00"))).isEqualTo("100");
        assertThat(Canonical.decimal(new BigDecimal("-0.000"))).isEqualTo("0");
        assertThat(Canonical.decimal(new BigDecimal("1E-7"))).isEqualTo("0.0000001");
        assertThat(Canonical.decimal(new BigDecimal("999999999999999999"))).isEqualTo("999999999999999999");
    }

    @Test
    void floatsAreTheShortestDecimalThatReadsBackToTheSameDouble() {
        assertThat(Canonical.floating(0.1)).isEqualTo("0.1");
        assertThat(Canonical.floating(0.1f)).isEqualTo("0.10000000149011612");
        assertThat(Canonical.floating(-0.0)).isEqualTo("0");
        assertThat(Canonical.floating(1e20)).isEqualTo("100000000000000000000");
        assertThat(Canonical.floating(1e-20)).isEqualTo("0.00000000000000000001");
        assertThat(Canonical.floating(Double.NaN)).isEqualTo("NaN");
        assertThat(Canonical.floating(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            assertThat(Double.parseDouble(Canonical.floating(d))).isEqualTo(d == 0 ? 0.0 : d);
        }
    }

    @Test
    void timestampsAreMicrosecondsWithoutTrailingZeros() {
        assertThat(Canonical.timestamp(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_789))).isEqualTo("2024-02-29 23:59:59.123456");
        assertThat(Canonical.timestamp(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 500_000_000))).isEqualTo("2024-01-01 00:00:00.5");
        assertThat(Canonical.timestamp(LocalDateTime.of(2024, 1, 1, 0, 0))).isEqualTo("2024-01-01 00:00:00");
    }

    private static String tokens(ColumnKind kind, String... values) {
        Canonical.ByteBuf buf = new Canonical.ByteBuf();
        for (String v : values) {
            Canonical.appendToken(buf, kind, v);
        }
        return new String(buf.array(), 0, buf.size(), StandardCharsets.UTF_8);
    }

    @Test
    void theEncodingIsUnambiguous() {
        // Given values that a separator-based encoding would confuse
        // Then NULL, '' and 'N' differ, and shifting a separator between columns changes the bytes
        assertThat(tokens(ColumnKind.STRING, (String) null)).isEqualTo("N,");
        assertThat(tokens(ColumnKind.STRING, "")).isEqualTo("0:,");
        assertThat(tokens(ColumnKind.STRING, "N")).isEqualTo("1:N,");
        assertThat(tokens(ColumnKind.STRING, "a,", "b")).isNotEqualTo(tokens(ColumnKind.STRING, "a", ",b"));
        assertThat(tokens(ColumnKind.STRING, "😀")).isEqualTo("4:😀,");
        assertThat(tokens(ColumnKind.STRING, "a ")).isNotEqualTo(tokens(ColumnKind.STRING, "a"));
    }

    @Test
    void theExactSumNeitherOverflowsNorCancels() {
        // Given slices whose 64-bit sum would overflow, and a pair that XOR would cancel
        ChunkChecksum.Accumulator a = new ChunkChecksum.Accumulator();
        BigInteger expected = BigInteger.ZERO;
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long v = i % 3 == 0 ? Long.MAX_VALUE : i % 3 == 1 ? Long.MIN_VALUE : random.nextLong();
            a.add(v);
            expected = expected.add(BigInteger.valueOf(v));
        }
        // Then the accumulator holds the exact sum
        assertThat(a.toChecksum().sum()).isEqualTo(expected);
        assertThat(a.toChecksum().rowCount()).isEqualTo(100_000);

        ChunkChecksum.Accumulator twice = new ChunkChecksum.Accumulator();
        twice.add(12345L);
        twice.add(12345L);
        assertThat(twice.toChecksum().sum()).isEqualTo(BigInteger.valueOf(24690)); // XOR would give 0: a duplicated row
    }

    @Test
    void accumulatorsMergeExactly() {
        ChunkChecksum.Accumulator left = new ChunkChecksum.Accumulator();
        ChunkChecksum.Accumulator right = new ChunkChecksum.Accumulator();
        ChunkChecksum.Accumulator all = new ChunkChecksum.Accumulator();
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            long v = random.nextLong();
            (i % 2 == 0 ? left : right).add(v);
            all.add(v);
        }
        left.add(right);
        assertThat(left.toChecksum()).isEqualTo(all.toChecksum());
    }
}
