package io.cutovermonitor.agent;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cutover-agent}: runs a migration tool and reports it to Cutover Monitor (README, "Feeding it from your
 * tools"). {@code run} wraps one tool run; {@code flush} sends what earlier runs left in the spool.
 */
@Command(name = "cutover-agent", mixinStandardHelpOptions = true, version = "cutover-agent 0.1.0",
        subcommands = {RunCommand.class, DmsCommand.class, FlushCommand.class, WhatIfCommand.class},
        description = "Runs a migration tool and reports its progress to Cutover Monitor.")
public final class AgentCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: run, dms, flush or what-if");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** The exit status: the tool's own for {@code run}; 2 when the agent could not start it. */
    public static int execute(String... args) {
        return new CommandLine(new AgentCommand()).setExitCodeExceptionMapper(e -> 2).execute(args);
    }
}
