package io.cutovermonitor.service.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The processor time this JVM (the service and the in-process broker) and the local PostgreSQL server spend over a
 * stretch of a benchmark, read from the JVM and from {@code /proc}: where an ingest rate's time goes, and whether
 * the machine's cores were the limit.
 */
record CpuUse(double wallSeconds, double jvmSeconds, double postgresSeconds) {

    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} times (100 on every mainstream architecture). */
    private static final double TICKS_PER_SECOND = 100;

    /** A reading now; {@link #since} another gives the use between the two. */
    static CpuUse now() {
        return new CpuUse(System.nanoTime() / 1e9, jvmCpuSeconds(), postgresCpuSeconds());
    }

    CpuUse since(CpuUse start) {
        return new CpuUse(wallSeconds - start.wallSeconds, jvmSeconds - start.jvmSeconds,
                postgresSeconds - start.postgresSeconds);
    }

    /** What the cores of this machine did over the stretch, per event. */
    String perEvent(long events) {
        int cores = Runtime.getRuntime().availableProcessors();
        return "JVM %.1f µs, PostgreSQL %.1f µs of processor time per event; %.0f%% of %d cores busy".formatted(
                jvmSeconds / events * 1e6, postgresSeconds / events * 1e6,
                100 * (jvmSeconds + postgresSeconds) / (wallSeconds * cores), cores);
    }

    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /**
     * utime + stime of every postgres process on this machine, with those of its children that ended (a backend's
     * time goes to the postmaster when the service closes its connection); 0 where /proc cannot be read.
     */
    private static double postgresCpuSeconds() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(CpuUse::postgresTicks).sum() / TICKS_PER_SECOND;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long postgresTicks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int nameEnd = stat.lastIndexOf(')');
            if (!stat.substring(stat.indexOf('(') + 1, nameEnd).startsWith("postgres")) {
                return 0;
            }
            // the fields after the name: state is field 3, utime 14, stime 15, cutime 16 and cstime 17
            String[] fields = stat.substring(nameEnd + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
