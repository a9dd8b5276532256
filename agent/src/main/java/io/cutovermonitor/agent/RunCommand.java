package io.cutovermonitor.agent;

import io.cutovermonitor.agent.progress.ProgressReader;
import io.cutovermonitor.validators.event.Limits;
import io.cutovermonitor.validators.event.SyncEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code run}: starts the tool, passes its output through byte for byte, reads its progress from the lines it writes,
 * and returns its exit status. The events go to the spool and a background sender; the tool never waits for them.
 */
@Command(name = "run", description = "Runs a tool (after --) and reports it as the sync of a scope.")
final class RunCommand implements Callable<Integer> {

    enum Tool { rclone, pv, azcopy, velero, regex, none }

    @Option(names = "--migration", required = true)
    String migration;

    @Option(names = "--scope", required = true, description = "what is synced, e.g. files/attachments or oms-oracle")
    String scope;

    @Option(names = "--mode", defaultValue = "FULL", description = "FULL, INCREMENTAL or FINAL (default: ${DEFAULT-VALUE})")
    SyncEvent.SyncMode mode;

    @Option(names = "--tool", defaultValue = "none", description = "whose progress output to read: rclone "
            + "(--use-json-log --stats 5s --stats-log-level NOTICE, or -v), pv (pv -n -l -b, or -n -b for bytes), azcopy "
            + "(--output-type json), velero (describe -o json, repeated), regex (--progress-regex) or none")
    Tool tool;

    @Option(names = "--progress-regex", description = "with --tool regex: a pattern with the groups "
            + "(?<done>\\d+) and (?<total>\\d+), e.g. '(?<done>\\d+) of (?<total>\\d+) rows'")
    String progressRegex;

    @Option(names = "--total", description = "the records in all, when the tool does not say (pv)")
    Long total;

    @Option(names = "--job", description = "the run is also a run of this batch job of the plan")
    String job;

    @Option(names = "--phase", description = "also report the SYNC phase STARTED and its end; leave it out during a "
            + "cutover, whose phase the runbook reports")
    boolean phase;

    @Option(names = "--component", description = "the throughput component (default: the scope)")
    String component;

    @Option(names = "--interval", defaultValue = "PT5S", description = "report at most once per (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Mixin
    Destination destination = new Destination();

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "the tool and its arguments, after --")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        String problem = Limits.migrationIdProblem(migration);
        if (problem != null) {
            throw new IllegalArgumentException("--migration " + problem);
        }
        // one reader per stream of the tool: a reader may gather a document over several lines
        Supplier<ProgressReader> reader = switch (tool) {
            case rclone -> ProgressReader::rclone;
            case pv -> () -> ProgressReader.pv(total);
            case azcopy -> ProgressReader::azcopy;
            case velero -> ProgressReader::velero;
            case regex -> {
                String expression = require(progressRegex, "--tool regex needs --progress-regex");
                ProgressReader.regex(expression); // refuses a pattern without (?<done>) before the tool starts
                yield () -> ProgressReader.regex(expression);
            }
            case none -> () -> line -> java.util.Optional.empty();
        };
        try (Spool spool = new Spool(destination.spool);
             Sender sender = new Sender(spool, destination.transport(), System.err)) {
            if (spool.pendingCount() > 0) {
                System.err.println("cutover-agent: sending " + spool.pendingCount()
                        + " event(s) an earlier run left in " + destination.spool);
            }
            String runId = "agent-" + UUID.randomUUID();
            Reporter reporter = new Reporter(new Reporter.Subject(migration, scope, mode,
                    component == null ? scope : component, job, phase), spool, Clock.systemUTC(), interval,
                    "/cutover-agent/" + tool.name().toLowerCase(Locale.ROOT), runId);
            int status = runTool(reader, reporter);
            if (!sender.drain(destination.drainTimeout)) {
                System.err.println("cutover-agent: " + spool.pendingCount() + " event(s) not yet sent are kept in "
                        + destination.spool + "; the next run, or cutover-agent flush, sends them");
            }
            return status;
        }
    }

    private int runTool(Supplier<ProgressReader> reader, Reporter reporter) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            // the tool never ran: that is a failed sync, reported as such, and the shell's "not found" status
            reporter.started();
            System.err.println("cutover-agent: cannot start " + command.get(0) + ": " + e.getMessage());
            reporter.ended(127);
            return 127;
        }
        reporter.started();
        Thread out = pump(process.getInputStream(), System.out, reader.get(), reporter);
        Thread err = pump(process.getErrorStream(), System.err, reader.get(), reporter);
        int status = process.waitFor();
        out.join();
        err.join();
        reporter.ended(status);
        return status;
    }

    /** Copies a stream of the tool to ours as it comes, and hands each complete line to the progress reader. */
    private static Thread pump(InputStream from, PrintStream to, ProgressReader reader, Reporter reporter) {
        Thread thread = new Thread(() -> {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n' || buffer[i] == '\r') {
                            readLine(line, reader, reporter);
                        } else if (line.size() < 1 << 20) {
                            line.write(buffer[i]);
                        }
                    }
                }
                readLine(line, reader, reporter);
            } catch (IOException e) {
                // the tool closed its end: nothing more to pass through
            }
        }, "cutover-agent-pump");
        thread.start();
        return thread;
    }

    private static void readLine(ByteArrayOutputStream line, ProgressReader reader, Reporter reporter) {
        if (line.size() > 0) {
            reader.read(line.toString(StandardCharsets.UTF_8)).ifPresent(reporter::progress);
            line.reset();
        }
    }

    private static String require(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }
}
