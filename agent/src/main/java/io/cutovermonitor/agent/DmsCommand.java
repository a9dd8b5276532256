package io.cutovermonitor.agent;

import io.cutovermonitor.validators.event.SyncEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code dms}: reports AWS DMS's table statistics, read from a file or standard input:
 * {@code aws dms describe-table-statistics --replication-task-arn … | cutover-agent dms --migration … --url …}.
 */
@Command(name = "dms", description = "Reports AWS DMS table statistics (describe-table-statistics JSON).")
final class DmsCommand implements Callable<Integer> {

    @Option(names = "--migration", required = true)
    String migration;

    @Option(names = "--mode", defaultValue = "FULL", description = "FULL, INCREMENTAL or FINAL (default: ${DEFAULT-VALUE})")
    SyncEvent.SyncMode mode;

    @Option(names = "--file", description = "the statistics (default: standard input)")
    Path file;

    @Mixin
    Destination destination = new Destination();

    @Override
    public Integer call() throws Exception {
        byte[] json = file == null ? System.in.readAllBytes() : Files.readAllBytes(file);
        var events = DmsTableStatistics.events(JsonMapper.builder().build().readTree(json), migration, mode,
                Instant.now());
        try (Spool spool = new Spool(destination.spool);
             Sender sender = new Sender(spool, destination.transport(), System.err)) {
            events.forEach(spool::add);
            boolean sent = sender.drain(destination.drainTimeout);
            System.err.println("cutover-agent: " + events.size() + " event(s) of DMS's statistics, "
                    + (sent ? "all sent" : spool.pendingCount() + " kept in " + destination.spool));
            return sent ? 0 : 1;
        }
    }
}
