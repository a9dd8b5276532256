package io.cutovermonitor.agent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code flush}: sends what earlier runs left in the spool, and says how many are still there. */
@Command(name = "flush", description = "Sends the events earlier runs left in the spool.")
final class FlushCommand implements Callable<Integer> {

    @Mixin
    Destination destination = new Destination();

    @Override
    public Integer call() throws Exception {
        try (Spool spool = new Spool(destination.spool);
             Sender sender = new Sender(spool, destination.transport(), System.err)) {
            int before = spool.pendingCount();
            boolean empty = sender.drain(destination.drainTimeout);
            System.err.println("cutover-agent: " + (before - spool.pendingCount()) + " event(s) sent, "
                    + spool.pendingCount() + " left in " + destination.spool);
            return empty ? 0 : 1;
        }
    }
}
