package io.cutovermonitor.agent;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Sends the spool's events in order, in the background: the tool never waits for the monitor. While the monitor
 * or Kafka cannot be reached it retries with a growing pause (up to 30 s) and says so once, and once again when
 * they are back.
 */
final class Sender implements AutoCloseable {

    private static final int BATCH = 500;

    private final Spool spool;
    private final Transport transport;
    private final PrintStream log;
    private final Thread thread;
    private volatile boolean running = true;

    Sender(Spool spool, Transport transport, PrintStream log) {
        this.spool = spool;
        this.transport = transport;
        this.log = log;
        this.thread = new Thread(this::run, "cutover-agent-sender");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long pause = 500;
        boolean failing = false;
        while (running) {
            try {
                List<Spool.Entry> batch = spool.next(BATCH, 200);
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    transport.send(batch, (entry, reason) -> {
                        log.println("cutover-agent: the monitor refused event " + entry.id() + " (" + reason
                                + "); kept in the spool's rejected.tsv");
                        spool.rejected(entry, reason);
                    });
                    spool.sent(batch);
                    if (failing) {
                        log.println("cutover-agent: the monitor is reachable again; sending the spooled events");
                        failing = false;
                    }
                    pause = 500;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (!failing) {
                        log.println("cutover-agent: cannot reach the monitor (" + e.getMessage() + "); "
                                + spool.pendingCount() + " event(s) kept in the spool, retrying");
                        failing = true;
                    }
                    Thread.sleep(pause);
                    pause = Math.min(pause * 2, 30_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits up to {@code timeout} for the spool to empty; true when every event was sent. */
    boolean drain(Duration timeout) throws InterruptedException {
        return spool.awaitEmpty(timeout.toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        transport.close();
    }
}
