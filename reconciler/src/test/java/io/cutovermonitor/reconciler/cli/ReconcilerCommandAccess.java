package io.cutovermonitor.reconciler.cli;

import java.io.PrintStream;

/** Test access to the command line with captured output and no terminal. */
public final class ReconcilerCommandAccess {

    private ReconcilerCommandAccess() {
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        return ReconcilerCommand.execute(new ReconcilerCommand(out, err, false), args);
    }
}
