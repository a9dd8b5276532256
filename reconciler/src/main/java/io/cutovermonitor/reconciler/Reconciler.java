package io.cutovermonitor.reconciler;

import io.cutovermonitor.reconciler.internal.Catalog;
import io.cutovermonitor.reconciler.internal.Column;
import io.cutovermonitor.reconciler.internal.Dialect;
import io.cutovermonitor.reconciler.internal.TableReconciler;
import io.cutovermonitor.reconciler.internal.TableSide;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The reconciliation engine: {@code new Reconciler(listener).run(request)} compares every requested table of the
 * source with the same table on the target and returns the report. Plain Java and JDBC; one connection per side;
 * the source and target queries of a chunk run at the same time.
 */
public final class Reconciler {

    private final ReconciliationListener listener;

    public Reconciler() {
        this(ReconciliationListener.NONE);
    }

    public Reconciler(ReconciliationListener listener) {
        this.listener = listener;
    }

    public static ReconciliationReport reconcile(ReconciliationRequest request) throws SQLException {
        return new Reconciler().run(request);
    }

    public ReconciliationReport run(ReconciliationRequest request) throws SQLException {
        long started = System.nanoTime();
        ExecutorService executor = Executors.newFixedThreadPool(2 * request.parallelism() + 2, r -> {
            Thread t = new Thread(r, "reconciler-worker");
            t.setDaemon(true);
            return t;
        });
        List<Connection> srcConnections = new ArrayList<>();
        List<Connection> tgtConnections = new ArrayList<>();
        try {
            for (int i = 0; i < request.parallelism(); i++) {
                srcConnections.add(open("source", request.source()));
                tgtConnections.add(open("target", request.target()));
            }
            Connection src = srcConnections.get(0);
            Connection tgt = tgtConnections.get(0);
            Dialect srcDialect = request.generic() ? null : Dialect.detect(src);
            Dialect tgtDialect = request.generic() ? null : Dialect.detect(tgt);
            for (Connection c : srcConnections) {
                init(c, srcDialect);
            }
            for (Connection c : tgtConnections) {
                init(c, tgtDialect);
            }
            Catalog srcCatalog = new Catalog(src, srcDialect, request.sourceSchema());
            Catalog tgtCatalog = new Catalog(tgt, tgtDialect, request.targetSchema());
            List<TableSpec> specs = request.tables();
            if (specs.isEmpty()) {
                specs = srcCatalog.tables().stream().map(t -> TableSpec.of(t.name())).toList();
            }
            List<TableReport> reports = new ArrayList<>();
            for (TableSpec spec : specs) {
                reports.add(table(request, spec, srcConnections, tgtConnections, srcDialect, tgtDialect, srcCatalog,
                        tgtCatalog, executor));
            }
            return new ReconciliationReport(request.migrationId(), request.runId(), reports,
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            executor.shutdownNow();
            for (Connection c : srcConnections) {
                closeQuietly(c);
            }
            for (Connection c : tgtConnections) {
                closeQuietly(c);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing after the run; nothing to report
        }
    }

    /** A read-only connection to one side; a failure says which side, where, and that it was the connection. */
    private static Connection open(String side, JdbcEndpoint endpoint) throws SQLException {
        Connection c;
        try {
            c = endpoint.open();
        } catch (SQLException e) {
            throw new SQLException("%s: cannot connect to %s: %s".formatted(side, endpoint.redactedUrl(), e.getMessage()),
                    e.getSQLState(), e);
        }
        c.setReadOnly(true);
        c.setAutoCommit(false);
        return c;
    }

    private static void init(Connection c, Dialect dialect) throws SQLException {
        if (dialect != null) {
            dialect.init(c);
        }
        c.commit();
    }

    private TableReport table(ReconciliationRequest request, TableSpec spec, List<Connection> src, List<Connection> tgt,
                              Dialect srcDialect, Dialect tgtDialect, Catalog srcCatalog, Catalog tgtCatalog,
                              ExecutorService executor) throws SQLException {
        Catalog.Table s = srcCatalog.find(spec.name());
        Catalog.Table t = tgtCatalog.find(spec.targetName());
        if (s == null || t == null) {
            List<String> shape = new ArrayList<>();
            if (s == null) {
                shape.add(missing("source", srcCatalog, spec.name()));
            }
            if (t == null) {
                shape.add(missing("target", tgtCatalog, spec.targetName()));
            }
            return unmatchedShape(spec.name(), shape);
        }
        Set<String> excluded = new java.util.HashSet<>();
        request.excludeColumns().forEach(c -> excluded.add(c.toLowerCase(Locale.ROOT)));
        spec.excludeColumns().forEach(c -> excluded.add(c.toLowerCase(Locale.ROOT)));
        List<String> keyNames = spec.keyColumns().isEmpty() ? srcCatalog.primaryKey(s) : spec.keyColumns();
        Set<String> keyLower = keyNames.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

        Map<String, Column> srcCols = byLowerName(srcCatalog.columns(s));
        Map<String, Column> tgtCols = byLowerName(tgtCatalog.columns(t));
        List<String> warnings = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<Column> srcCompared = new ArrayList<>();
        List<Column> tgtCompared = new ArrayList<>();
        for (Map.Entry<String, Column> e : srcCols.entrySet()) { // sorted by lower-case name: the canonical order
            if (excluded.contains(e.getKey()) && !keyLower.contains(e.getKey())) {
                continue;
            }
            Column other = tgtCols.get(e.getKey());
            if (other == null) {
                missing.add(e.getValue().name());
                continue;
            }
            srcCompared.add(e.getValue());
            tgtCompared.add(other);
            if (e.getValue().kind() != other.kind()) {
                warnings.add("column " + e.getKey() + " is " + e.getValue().typeName() + " on the source and "
                        + other.typeName() + " on the target: canonical forms may differ");
            }
        }
        List<String> shape = new ArrayList<>();
        if (!missing.isEmpty()) {
            shape.add("column(s) missing on the target: " + String.join(", ", missing));
        }
        List<String> extra = tgtCols.keySet().stream().filter(c -> !srcCols.containsKey(c) && !excluded.contains(c))
                .toList();
        if (!extra.isEmpty()) {
            shape.add("column(s) only on the target: " + String.join(", ", extra));
        }
        for (String k : keyLower) {
            if (!srcCols.containsKey(k)) {
                return failed(spec.name(), "key column " + k + " not on the source");
            }
            if (!tgtCols.containsKey(k)) {
                return failed(spec.name(), "key column " + k + " not on the target");
            }
        }
        List<Column> srcKeys = keyNames.stream().map(k -> srcCols.get(k.toLowerCase(Locale.ROOT))).toList();
        List<Column> tgtKeys = keyNames.stream().map(k -> tgtCols.get(k.toLowerCase(Locale.ROOT))).toList();
        if (!srcKeys.isEmpty() && srcKeys.get(0).kind() != tgtKeys.get(0).kind()) {
            warnings.add("leading key column types differ; hash buckets used");
        }
        List<TableSide> sources = src.stream().map(c -> new TableSide(c, srcDialect, s.qualifiedName(), srcCompared, srcKeys,
                request.fetchSize())).toList();
        List<TableSide> targets = tgt.stream().map(c -> new TableSide(c, tgtDialect, t.qualifiedName(), tgtCompared, tgtKeys,
                request.fetchSize())).toList();
        List<Column> planKeys = !srcKeys.isEmpty() && srcKeys.get(0).kind() != tgtKeys.get(0).kind()
                ? srcKeys.stream().map(c -> new Column(c.name(), ColumnKind.OTHER, c.jdbcType(), c.typeName())).toList()
                : srcKeys;
        return new TableReconciler(request, listener, executor, s.name(), sources, targets, warnings, shape)
                .run(planKeys);
    }

    private static Map<String, Column> byLowerName(List<Column> columns) {
        Map<String, Column> out = new TreeMap<>(Comparator.naturalOrder());
        columns.forEach(c -> out.put(c.name().toLowerCase(Locale.ROOT), c));
        return out;
    }

    /** A table missing on one side is a difference in the migrated schema, not a failure of the run. */
    private static String missing(String side, Catalog catalog, String table) throws SQLException {
        return catalog.schemaExists() ? "no table " + table + " on the " + side
                : "no schema " + catalog.schemaName() + " on the " + side;
    }

    private TableReport unmatchedShape(String table, List<String> shape) {
        return finished(new TableReport(table, "none", 0, 0, 0, List.of(), List.of(), false, List.of(), shape, null,
                Duration.ZERO));
    }

    private TableReport failed(String table, String error) {
        return finished(new TableReport(table, "none", 0, 0, 0, List.of(), List.of(), false, List.of(), List.of(),
                error, Duration.ZERO));
    }

    private TableReport finished(TableReport report) {
        listener.tableFinished(report);
        return report;
    }
}
