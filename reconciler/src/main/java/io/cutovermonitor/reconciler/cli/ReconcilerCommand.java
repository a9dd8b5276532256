package io.cutovermonitor.reconciler.cli;

import io.cutovermonitor.reconciler.ChunkResult;
import io.cutovermonitor.reconciler.JdbcEndpoint;
import io.cutovermonitor.reconciler.KeyDifference;
import io.cutovermonitor.reconciler.ReconciliationEvents;
import io.cutovermonitor.reconciler.EventStream;
import io.cutovermonitor.reconciler.ReconciliationListener;
import io.cutovermonitor.reconciler.ReconciliationReport;
import io.cutovermonitor.reconciler.ReconciliationRequest;
import io.cutovermonitor.reconciler.Reconciler;
import io.cutovermonitor.reconciler.TableReport;
import io.cutovermonitor.reconciler.TableSpec;
import io.cutovermonitor.reconciler.kafka.KafkaEventPublisher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code java -jar reconciler.jar --source-url … --target-url … [--table …] [--bootstrap-servers … --migration-id …]}
 * <p>
 * Exit status: 0 every table matched, 1 differences found, 2 the run failed.
 * Standard output: the events, one JSON line each, when a migration id is given and no Kafka; the summary and
 * the progress bar go to standard error.
 */
@Command(name = "reconciler", mixinStandardHelpOptions = true, version = "cutover-monitor reconciler 0.1",
        sortOptions = false, usageHelpWidth = 110,
        description = "Counts and checksums source and target tables chunk by chunk, re-checks what differs, "
                + "bisects it down to keys, and publishes migration.reconciliation.v1 events.")
public final class ReconcilerCommand implements Callable<Integer> {

    @Option(names = "--source-url", required = true, description = "source JDBC URL")
    String sourceUrl;
    @Option(names = "--source-user")
    String sourceUser;
    @Option(names = "--source-password", defaultValue = "${env:RECONCILER_SOURCE_PASSWORD}",
            description = "default: $RECONCILER_SOURCE_PASSWORD")
    String sourcePassword;
    @Option(names = "--target-url", required = true, description = "target JDBC URL")
    String targetUrl;
    @Option(names = "--target-user")
    String targetUser;
    @Option(names = "--target-password", defaultValue = "${env:RECONCILER_TARGET_PASSWORD}",
            description = "default: $RECONCILER_TARGET_PASSWORD")
    String targetPassword;
    @Option(names = "--source-schema", description = "schema (MySQL/MariaDB: database) on the source; default: the connection's")
    String sourceSchema;
    @Option(names = "--target-schema", description = "schema (MySQL/MariaDB: database) on the target; default: the connection's")
    String targetSchema;
    @Option(names = {"-t", "--table"}, split = ",", paramLabel = "TABLE[:TARGET]",
            description = "tables to compare (repeat or comma-separate), TABLE:TARGET when the target's name differs; "
                    + "default: every table of the source schema")
    List<String> tables = new ArrayList<>();
    @Option(names = "--key", paramLabel = "TABLE=COL[+COL]",
            description = "key columns of a table instead of its primary key, e.g. orders=order_no or lines=order_id+line_no")
    Map<String, String> keys = new LinkedHashMap<>();
    @Option(names = "--exclude", split = ",", paramLabel = "[TABLE.]COLUMN", description = "columns not compared")
    List<String> excludes = new ArrayList<>();
    @Option(names = "--chunk-size", defaultValue = "10000", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    int chunkSize;
    @Option(names = "--max-differences", defaultValue = "100",
            description = "differing keys listed per table at most (default: ${DEFAULT-VALUE})")
    int maxDifferences;
    @Option(names = "--recheck-delay", defaultValue = "30s", converter = DurationConverter.class,
            description = "wait before a mismatching chunk is compared again, e.g. 30s, 2m, 500ms, 0 = no re-check (default: ${DEFAULT-VALUE})")
    Duration recheckDelay;
    @Option(names = "--recheck-attempts", defaultValue = "1", description = "re-checks before a mismatch is reported (default: ${DEFAULT-VALUE})")
    int recheckAttempts;
    @Option(names = "--leaf-rows", defaultValue = "64", description = "bisection stops at ranges of this many rows (default: ${DEFAULT-VALUE})")
    int leafRows;
    @Option(names = "--fetch-size", defaultValue = "5000", description = "JDBC fetch size for streamed reads (default: ${DEFAULT-VALUE})")
    int fetchSize;
    @Option(names = "--parallel", defaultValue = "2", description = "connections (queries at once) per side (default: ${DEFAULT-VALUE})")
    int parallelism;
    @Option(names = "--connect-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "give up connecting and logging in to a side after this long (default: ${DEFAULT-VALUE})")
    private Duration connectTimeout;
    @Option(names = "--generic", description = "never push down: stream rows and hash them in Java (what other drivers get)")
    boolean generic;
    @Option(names = "--bootstrap-servers", description = "Kafka to publish events to; without it events are printed")
    String bootstrapServers;
    @Option(names = "--topic", defaultValue = KafkaEventPublisher.DEFAULT_TOPIC, description = "default: ${DEFAULT-VALUE}")
    String topic;
    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = "extra producer settings, e.g. security.protocol=SASL_SSL")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();
    @Option(names = "--migration-id", description = "the migration the events belong to (required with --bootstrap-servers)")
    String migrationId;
    @Option(names = "--run-id", description = "default: a new UUID")
    String runId;
    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public ReconcilerCommand() {
        this(System.out, System.err, System.console() != null);
    }

    ReconcilerCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(execute(new ReconcilerCommand(), args));
    }

    static int execute(ReconcilerCommand command, String... args) {
        return new CommandLine(command)
                .setExecutionExceptionHandler((e, cl, parsed) -> {
                    cl.getErr().println("reconciler: " + (e.getMessage() != null ? e.getMessage() : e));
                    cl.getErr().println("RESULT: FAILED");
                    return 2;
                })
                .setErr(new java.io.PrintWriter(command.err, true))
                .setOut(new java.io.PrintWriter(command.out, true))
                .execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers != null && migrationId == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--bootstrap-servers needs --migration-id");
        }
        String run = runId != null ? runId : UUID.randomUUID().toString();
        ReconciliationRequest.Builder b = ReconciliationRequest.builder(
                        new JdbcEndpoint(sourceUrl, sourceUser, sourcePassword, connectTimeout),
                        new JdbcEndpoint(targetUrl, targetUser, targetPassword, connectTimeout))
                .schemas(sourceSchema, targetSchema).chunkSize(chunkSize).maxDifferences(maxDifferences)
                .recheckDelay(recheckDelay).recheckAttempts(recheckAttempts).leafRows(leafRows).fetchSize(fetchSize)
                .generic(generic).parallelism(parallelism).migrationId(migrationId).runId(run);
        Set<String> global = new HashSet<>();
        Map<String, Set<String>> perTable = new LinkedHashMap<>();
        for (String e : excludes) {
            int dot = e.lastIndexOf('.');
            if (dot < 0) {
                global.add(e);
            } else {
                perTable.computeIfAbsent(e.substring(0, dot).toLowerCase(Locale.ROOT), x -> new HashSet<>()).add(e.substring(dot + 1));
            }
        }
        b.excludeColumns(global);
        Map<String, String> keysLower = new LinkedHashMap<>();
        keys.forEach((t, k) -> keysLower.put(t.toLowerCase(Locale.ROOT), k));
        for (String spec : tables) {
            String[] names = spec.split(":", 2);
            String t = names[0];
            String k = keysLower.get(t.toLowerCase(Locale.ROOT));
            b.table(new TableSpec(t, names.length > 1 ? names[1] : null, k == null ? List.of() : List.of(k.split("[+]")),
                    perTable.getOrDefault(t.toLowerCase(Locale.ROOT), Set.of())));
        }
        if (tables.isEmpty() && (!keys.isEmpty() || !perTable.isEmpty())) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--key and TABLE.COLUMN excludes need --table");
        }

        ReconciliationListener listener = new ProgressBar(err, quiet ? ProgressBar.Mode.OFF
                : terminal ? ProgressBar.Mode.TERMINAL : ProgressBar.Mode.LINES);
        KafkaEventPublisher publisher = null;
        if (migrationId != null) {
            ReconciliationEvents events = new ReconciliationEvents(migrationId, run);
            if (bootstrapServers != null) {
                publisher = new KafkaEventPublisher(bootstrapServers, topic, events, kafkaProperties);
                listener = ReconciliationListener.both(listener,
                        new EventStream(events, publisher::send, Clock.systemUTC()));
            } else {
                listener = ReconciliationListener.both(listener, new EventStream(events, out::println,
                        Clock.systemUTC()));
            }
        }
        ReconciliationReport report;
        try {
            report = new Reconciler(listener).run(b.build());
        } finally {
            if (publisher != null) {
                publisher.close();
            }
        }
        printSummary(report);
        return report.tables().stream().anyMatch(t -> t.error() != null) ? 2 : report.matched() ? 0 : 1;
    }

    private void printSummary(ReconciliationReport report) {
        err.printf(Locale.ROOT, "run %s: %d table(s) in %.1f s%n", report.runId(), report.tables().size(),
                report.elapsed().toMillis() / 1000.0);
        for (TableReport t : report.tables()) {
            String verdict = t.error() != null ? "ERROR " + t.error() : t.matched() ? "MATCH" : "MISMATCH";
            err.printf(Locale.ROOT, "  %-30s %-8s source %,d rows, target %,d rows, %,d chunk(s) (%s), %.1f s%n",
                    t.table(), verdict, t.sourceRows(), t.targetRows(), t.chunks(), t.mode(), t.elapsed().toMillis() / 1000.0);
            for (String w : t.warnings()) {
                err.println("    warning: " + w);
            }
            for (String d : t.schemaDifferences()) {
                err.println("    schema: " + d);
            }
            for (ChunkResult c : t.mismatchedChunks()) {
                err.printf(Locale.ROOT, "    chunk %s: source %d/%s target %d/%s%s%n", c.chunk().label(),
                        c.source().rowCount(), c.source().checksum(), c.target().rowCount(), c.target().checksum(),
                        c.rechecked() ? " (still different after re-check)" : "");
            }
            for (KeyDifference d : t.differences()) {
                err.printf(Locale.ROOT, "    %-14s %s%n", d.type().label(), d.key());
            }
            if (t.differencesTruncated()) {
                err.println("    … more differences not listed (--max-differences)");
            }
        }
        boolean failed = report.tables().stream().anyMatch(t -> t.error() != null);
        err.println(failed ? "RESULT: FAILED" : report.matched() ? "RESULT: MATCH" : "RESULT: DIFFERENCES FOUND");
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms}, {@code 1h}, {@code 0} or ISO-8601 {@code PT30S}. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (v.equals("0")) {
                return Duration.ZERO;
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new CommandLine.TypeConversionException("not a duration: " + value);
            };
        }
    }
}
