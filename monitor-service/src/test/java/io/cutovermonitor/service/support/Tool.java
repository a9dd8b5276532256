package io.cutovermonitor.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command-line tool from a Debian package (kcat, chromium, poppler-utils) run to its end as a real process. Its
 * whole process tree is killed when it is done or has overrun, so no browser helper or zygote outlives a test.
 */
public final class Tool {

    private Tool() {
    }

    /**
     * Runs {@code command}, feeding it {@code stdin} (or nothing), and returns its standard output; its error output
     * is discarded. Fails when it is not installed, exits non-zero or runs longer than {@code timeout}.
     */
    public static String run(String debianPackage, List<String> command, String stdin, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is not installed (apt-get install -y " + debianPackage
                    + ")", e);
        }
        try {
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            // read while waiting: a consumer's output can fill the pipe, and a hung tool must not hang the read
            Process started = process;
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(started));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(command.get(0) + " timed out after " + timeout + ": " + command);
            }
            String output = stdout.get(10, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " failed (" + process.exitValue() + "): " + command
                        + " " + output);
            }
            return output;
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(command.get(0) + " could not be run: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            kill(process);
        }
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process and every process it started that is still running. */
    private static void kill(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception stillDying) {
            // destroyForcibly sent SIGKILL; the kernel reaps it
        }
    }
}
