package io.cutovermonitor.dashboards;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Paths of the repository and the outside tools the checks run (Debian's prometheus and alertmanager). */
final class Repo {

    private Repo() {
    }

    /** The dashboards module (surefire runs with it as working directory; from the root it is ./dashboards). */
    static Path module() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.exists(here.resolve("grafana")) && Files.exists(here.resolve("prometheus"))) {
            return here;
        }
        return here.resolve("dashboards");
    }

    static Path root() {
        return module().getParent();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /**
     * The path of a tool, from the environment variable {@code env} or else the first of {@code names} on the
     * PATH. Fails (does not skip) when it is missing: CI installs it, and a check that silently does not run
     * is worse than none.
     */
    static String tool(String env, String debianPackage, String... names) {
        String configured = System.getenv(env);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        throw new AssertionError(String.join(" / ", names) + " not found on the PATH: install the Debian package "
                + debianPackage + " (apt-get install " + debianPackage + ") or set " + env + " to its path");
    }

    record Result(int exit, String output) {
    }

    /** Runs a command in {@code dir}, stdout and stderr together, failing after {@code timeoutSeconds}. */
    static Result run(Path dir, long timeoutSeconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + Arrays.toString(command));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + Arrays.toString(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static List<Path> files(Path dir, String suffix) {
        try (var s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
