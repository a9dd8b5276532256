package io.cutovermonitor.reconciler.internal;

import io.cutovermonitor.reconciler.ChunkChecksum;
import io.cutovermonitor.reconciler.ChunkResult;
import io.cutovermonitor.reconciler.ColumnKind;
import io.cutovermonitor.reconciler.DifferenceType;
import io.cutovermonitor.reconciler.KeyDifference;
import io.cutovermonitor.reconciler.ReconciliationListener;
import io.cutovermonitor.reconciler.ReconciliationRequest;
import io.cutovermonitor.reconciler.TableReport;
import io.cutovermonitor.validators.event.Chunk;

import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reconciles one table: a pass over the whole table in chunks (source and target side by side, each chunk's count
 * and checksum computed by one query per side), then a re-check of the chunks that differed, then bisection of what
 * still differs down to ranges of at most {@code leafRows} rows, whose keys are compared one by one.
 * <p>
 * Chunking: a table whose leading key column is an integer is cut into key ranges {@code [lower, upper)} aligned to
 * multiples of the chunk width (stable from run to run); any other key (strings, composite keys led by a
 * non-integer, dates, UUIDs) is cut into 2^k hash buckets of the canonical key, because a string range selects
 * different rows under different collations (PostgreSQL "C" vs MariaDB utf8mb4_general_ci) and would report
 * differences that are not there; a table without key is one multiset.
 */
public final class TableReconciler {

    /** Chunks per pass query for range mode: the progress bar moves once per segment. */
    static final int SEGMENT_CHUNKS = 100;

    private final ReconciliationRequest request;
    private final ReconciliationListener listener;
    private final ExecutorService executor;
    private final String table;
    private final TableSide source;
    private final TableSide target;
    private final List<TableSide> sources;
    private final List<TableSide> targets;
    private final List<String> warnings;
    private final List<String> schemaDifferences;

    private long sourceRows;
    private long targetRows;
    private long chunks;
    private final List<ChunkResult> mismatched = new ArrayList<>();
    private final List<KeyDifference> differences = new ArrayList<>();
    private boolean truncated;

    private record Pending(ChunkScope scope, Chunk chunk, long firstSeenNanos) {
    }

    public TableReconciler(ReconciliationRequest request, ReconciliationListener listener, ExecutorService executor,
                           String table, List<TableSide> sources, List<TableSide> targets, List<String> warnings,
                           List<String> schemaDifferences) {
        this.request = request;
        this.listener = listener;
        this.executor = executor;
        this.table = table;
        this.sources = sources;
        this.targets = targets;
        this.source = sources.get(0);
        this.target = targets.get(0);
        this.warnings = new ArrayList<>(warnings);
        this.schemaDifferences = List.copyOf(schemaDifferences);
    }

    @FunctionalInterface
    interface SideCall<T> {
        T apply(TableSide side) throws SQLException;
    }

    /** Runs the call on both sides at once: target on the executor, source here. A failure names its side. */
    private <T> List<T> both(SideCall<T> call) throws SQLException {
        Future<T> t = executor.submit(() -> call.apply(target));
        T s;
        try {
            s = call.apply(source);
        } catch (SQLException | RuntimeException e) {
            t.cancel(true);
            throw failedOn(true, e);
        }
        T onTarget;
        try {
            onTarget = get(t);
        } catch (SQLException | RuntimeException e) {
            throw failedOn(false, e);
        }
        return java.util.Arrays.asList(s, onTarget); // a side may answer null (e.g. key bounds of an empty table)
    }

    /** The side's failure as the operator needs it: which side, which table, what the database said. */
    private SQLException failedOn(boolean isSource, Throwable e) {
        Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
        return new SQLException("%s: table %s: %s".formatted(isSource ? "source" : "target", table, cause.getMessage()),
                cause instanceof SQLException se ? se.getSQLState() : null, cause);
    }

    public TableReport run(List<Column> keys) throws SQLException {
        long started = System.nanoTime();
        List<Pending> pending = new ArrayList<>();
        String mode;
        long estimate = source.estimateRows();
        listener.tableStarted(table, estimate);
        RangePlan range = keys.isEmpty() || keys.get(0).kind() != ColumnKind.INTEGER ? null : rangePlan(estimate);
        if (range != null) {
            mode = "range";
            passRange(range, estimate, pending);
        } else if (!keys.isEmpty()) {
            mode = "hash";
            passHash(estimate, pending);
        } else {
            mode = "multiset";
            ChunkScope all = new ChunkScope.All();
            List<ChunkChecksum> r = both(s -> s.checksum(all));
            verdict(all, Chunk.ofId("all"), r.get(0), r.get(1), pending);
            listener.progress(table, sourceRows, estimate);
        }
        recheck(pending);
        TableReport report = new TableReport(table, mode, sourceRows, targetRows, chunks, mismatched, differences,
                truncated, warnings, schemaDifferences, null, Duration.ofNanos(System.nanoTime() - started));
        listener.tableFinished(report);
        return report;
    }

    // ---------------------------------------------------------------- the pass

    private record RangePlan(long base, long width, long max) {
    }

    private RangePlan rangePlan(long estimate) throws SQLException {
        List<BigInteger[]> bounds = both(TableSide::keyBounds);
        BigInteger min = null;
        BigInteger max = null;
        for (BigInteger[] b : bounds) {
            if (b != null) {
                min = min == null ? b[0] : min.min(b[0]);
                max = max == null ? b[1] : max.max(b[1]);
            }
        }
        long chunkSize = request.chunkSize();
        if (min == null) {
            return new RangePlan(0, chunkSize, -1);
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger width = BigInteger.valueOf(chunkSize);
        BigInteger rows = BigInteger.valueOf(Math.max(estimate, 1));
        // sparse keys: widen the chunks by a power of two so a chunk still holds about chunkSize rows
        // (stable from run to run unless the density changes by a factor of two)
        while (width.multiply(rows).shiftLeft(1).compareTo(span.multiply(BigInteger.valueOf(chunkSize))) < 0
                && width.bitLength() < 62) {
            width = width.shiftLeft(1);
        }
        BigInteger base = floorDiv(min, width).multiply(width);
        BigInteger top = max.add(width.multiply(BigInteger.valueOf(SEGMENT_CHUNKS)));
        if (base.bitLength() > 63 || top.bitLength() > 63 || max.subtract(base).bitLength() > 62) {
            warnings.add("integer key span too large for range chunks; hash buckets used");
            return null;
        }
        return new RangePlan(base.longValueExact(), width.longValueExact(), max.longValueExact());
    }

    private static BigInteger floorDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    /**
     * Each side is cut into segments (PostgreSQL: heap block ranges, a parallel sequential scan; other databases: key
     * ranges of up to {@link #SEGMENT_CHUNKS} chunks), one GROUP BY-bucket aggregate per segment, {@code parallelism}
     * segments at once per side, each on its own connection. A chunk's figures are the sum over segments (exact
     * sums add), so verdicts are given once both sides are done; memory is one accumulator per chunk, not per row.
     */
    private void passRange(RangePlan plan, long estimate, List<Pending> pending) throws SQLException {
        long totalChunks = plan.max() < plan.base() ? 1 : (plan.max() - plan.base()) / plan.width() + 1;
        ChunkScope.Range all = new ChunkScope.Range(plan.base(), plan.base() + totalChunks * plan.width());
        List<ChunkScope> srcSegments = segments(source, plan, totalChunks, all);
        List<ChunkScope> tgtSegments = segments(target, plan, totalChunks, all);
        BlockingQueue<Object[]> results = new LinkedBlockingQueue<>();
        startWorkers(sources, srcSegments, plan, true, results);
        startWorkers(targets, tgtSegments, plan, false, results);
        Map<Long, ChunkChecksum> s = new java.util.TreeMap<>();
        Map<Long, ChunkChecksum> t = new java.util.TreeMap<>();
        long done = 0;
        for (int remaining = srcSegments.size() + tgtSegments.size(); remaining > 0; remaining--) {
            Object[] r;
            try {
                r = results.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
            if (r[1] instanceof Throwable e) {
                throw failedOn((Boolean) r[0], e);
            }
            @SuppressWarnings("unchecked")
            Map<Long, ChunkChecksum> part = (Map<Long, ChunkChecksum>) r[1];
            boolean isSource = (Boolean) r[0];
            for (Map.Entry<Long, ChunkChecksum> e : part.entrySet()) {
                (isSource ? s : t).merge(e.getKey(), e.getValue(), ChunkChecksum::plus);
                if (isSource) {
                    done += e.getValue().rowCount();
                }
            }
            if (isSource) {
                listener.progress(table, done, estimate);
            }
        }
        TreeSet<Long> buckets = new TreeSet<>(s.keySet());
        buckets.addAll(t.keySet());
        for (long b : buckets) {
            long lower = plan.base() + b * plan.width();
            long upper = lower + plan.width();
            verdict(new ChunkScope.Range(lower, upper), Chunk.ofRange(Long.toString(lower), Long.toString(upper)),
                    s.getOrDefault(b, ChunkChecksum.EMPTY), t.getOrDefault(b, ChunkChecksum.EMPTY), pending);
        }
    }

    private List<ChunkScope> segments(TableSide side, RangePlan plan, long totalChunks, ChunkScope.Range all)
            throws SQLException {
        int p = sources.size();
        long segChunks = Math.max(1, Math.min(SEGMENT_CHUNKS, totalChunks / (4L * p)));
        List<ChunkScope> blocks = side.blockSegments((int) Math.max(4L * p, (totalChunks + segChunks - 1) / segChunks), all);
        if (blocks != null) {
            return blocks;
        }
        List<ChunkScope> out = new ArrayList<>();
        long segWidth = plan.width() * segChunks;
        for (long lo = all.lower(); lo < all.upper(); lo += segWidth) {
            out.add(new ChunkScope.Range(lo, Math.min(lo + segWidth, all.upper())));
        }
        return out;
    }

    /** One worker per connection of the side; each takes the next segment until none is left. */
    private void startWorkers(List<TableSide> sides, List<ChunkScope> segments, RangePlan plan, boolean isSource,
                              BlockingQueue<Object[]> results) {
        Queue<ChunkScope> queue = new ConcurrentLinkedQueue<>(segments);
        for (TableSide side : sides) {
            executor.submit(() -> {
                ChunkScope segment;
                while ((segment = queue.poll()) != null) {
                    try {
                        results.add(new Object[]{isSource, side.rangeChunks(segment, plan.base(), plan.width())});
                    } catch (Throwable e) {
                        results.add(new Object[]{isSource, e});
                        return;
                    }
                }
            });
        }
    }

    private static <T> T get(Future<T> future) throws SQLException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException se) {
                throw se;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void passHash(long estimate, List<Pending> pending) throws SQLException {
        int n = 1;
        while ((long) n * request.chunkSize() < estimate && n < (1 << 20)) {
            n <<= 1;
        }
        int buckets = n;
        List<ChunkChecksum[]> r = both(s -> s.hashChunks(buckets));
        for (int b = 0; b < n; b++) {
            verdict(new ChunkScope.Bucket(n - 1L, b), Chunk.ofId(b + "/" + n), r.get(0)[b], r.get(1)[b], pending);
        }
        listener.progress(table, sourceRows, estimate);
    }

    private void verdict(ChunkScope scope, Chunk chunk, ChunkChecksum s, ChunkChecksum t, List<Pending> pending)
            throws SQLException {
        chunks++;
        sourceRows += s.rowCount();
        targetRows += t.rowCount();
        if (s.equals(t)) {
            listener.chunkChecked(new ChunkResult(table, chunk, s, t, false, List.of(), List.of()));
        } else if (request.recheckDelay().isZero() || request.recheckAttempts() == 0) {
            report(scope, chunk, s, t, false);
        } else {
            pending.add(new Pending(scope, chunk, System.nanoTime()));
            listener.recheckScheduled(table, chunk, request.recheckDelay());
        }
    }

    // ---------------------------------------------------------------- re-check, bisection, key diff

    private void recheck(List<Pending> pending) throws SQLException {
        for (Pending p : pending) {
            ChunkChecksum s = null;
            ChunkChecksum t = null;
            long due = p.firstSeenNanos();
            for (int attempt = 0; attempt < request.recheckAttempts(); attempt++) {
                due += request.recheckDelay().toNanos();
                sleepUntil(due);
                List<ChunkChecksum> r = both(side -> side.checksum(p.scope()));
                s = r.get(0);
                t = r.get(1);
                if (s.equals(t)) {
                    break;
                }
            }
            // the pass counted the first look; the counts that stand are those of the re-check
            if (s.equals(t)) {
                listener.chunkChecked(new ChunkResult(table, p.chunk(), s, t, true, List.of(), List.of()));
            } else {
                report(p.scope(), p.chunk(), s, t, true);
            }
        }
    }

    private static void sleepUntil(long nanos) throws SQLException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
        }
    }

    private void report(ChunkScope scope, Chunk chunk, ChunkChecksum s, ChunkChecksum t, boolean rechecked)
            throws SQLException {
        List<Chunk> ranges = new ArrayList<>();
        List<KeyDifference> found = new ArrayList<>();
        if (scope instanceof ChunkScope.Range r) {
            bisect(r, s, t, ranges, found);
        } else {
            ranges.add(chunk);
            diffLeaf(scope, found);
        }
        ChunkResult result = new ChunkResult(table, chunk, s, t, rechecked, ranges, found);
        mismatched.add(result);
        listener.chunkChecked(result);
    }

    private boolean budgetLeft() {
        if (differences.size() >= request.maxDifferences()) {
            truncated = true;
            return false;
        }
        return true;
    }

    private void bisect(ChunkScope.Range r, ChunkChecksum s, ChunkChecksum t, List<Chunk> ranges,
                        List<KeyDifference> found) throws SQLException {
        if (s.equals(t) || !budgetLeft()) {
            return;
        }
        long lo = r.lower();
        long hi = r.upper();
        if (Math.max(s.rowCount(), t.rowCount()) <= request.leafRows() || hi - lo <= 1) {
            ranges.add(Chunk.ofRange(Long.toString(lo), Long.toString(hi)));
            diffLeaf(r, found);
            return;
        }
        long mid = lo + (hi - lo) / 2;
        for (ChunkScope.Range half : List.of(new ChunkScope.Range(lo, mid), new ChunkScope.Range(mid, hi))) {
            List<ChunkChecksum> h = both(side -> side.checksum(half));
            bisect(half, h.get(0), h.get(1), ranges, found);
        }
    }

    /** Merges both sides' rows of a leaf in key-hash order and lists the keys that differ. */
    private void diffLeaf(ChunkScope scope, List<KeyDifference> found) throws SQLException {
        if (!budgetLeft()) {
            return;
        }
        try (TableSide.LeafCursor s = source.leaf(scope); TableSide.LeafCursor t = target.leaf(scope)) {
            while (s.peek() != null || t.peek() != null) {
                if (!budgetLeft()) {
                    return;
                }
                TableSide.LeafRow a = s.peek();
                TableSide.LeafRow b = t.peek();
                int c = a == null ? 1 : b == null ? -1 : a.keyHash().compareTo(b.keyHash());
                if (c < 0) {
                    add(found, new KeyDifference(table, a.key(), DifferenceType.MISSING_TARGET));
                    s.next();
                } else if (c > 0) {
                    add(found, new KeyDifference(table, b.key(), DifferenceType.MISSING_SOURCE));
                    t.next();
                } else {
                    if (!a.rowHash().equals(b.rowHash())) {
                        add(found, new KeyDifference(table, a.key(), DifferenceType.ROW_DIFF));
                    }
                    s.next();
                    t.next();
                }
            }
        }
    }

    private void add(List<KeyDifference> found, KeyDifference d) {
        found.add(d);
        differences.add(d);
    }
}
