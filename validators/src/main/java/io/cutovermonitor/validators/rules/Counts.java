package io.cutovermonitor.validators.rules;

/**
 * Sums of reported counts. Each count is bounded at validation, but a sum over many events is not: it saturates at
 * {@link Long#MAX_VALUE} instead of wrapping round to a negative throughput.
 */
public final class Counts {

    private Counts() {
    }

    public static long plus(long a, long b) {
        long sum = a + b;
        // overflow only when both operands have the sign opposite to the sum's; counts are never negative
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
