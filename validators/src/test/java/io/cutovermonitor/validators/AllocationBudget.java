package io.cutovermonitor.validators;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * What one fuzz input may allocate. The parser and the plan loader read text from outside; an input that makes them
 * allocate far more than its own size (a YAML alias bomb, {@code 1e999999999} made a whole number) is a finding even
 * when the heap happens to hold it, because a handful of such records would stop the service.
 */
public final class AllocationBudget {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationBudget() {
    }

    /**
     * Runs {@code work} on this thread and fails when it allocated more than {@code limitBytes} twice in a row: the
     * first call of a code path also loads (and, while fuzzing, instruments) classes on this thread, which is paid
     * once, while an input that amplifies allocates as much every time.
     */
    public static <T> T within(long limitBytes, Supplier<T> work) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T result = work.get();
        if (THREADS.getCurrentThreadAllocatedBytes() - before <= limitBytes) {
            return result;
        }
        before = THREADS.getCurrentThreadAllocatedBytes();
        result = work.get();
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > limitBytes) {
            throw new AssertionError("allocated " + allocated + " bytes for one input, over the budget of "
                    + limitBytes);
        }
        return result;
    }
}
