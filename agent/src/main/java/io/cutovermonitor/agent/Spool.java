package io.cutovermonitor.agent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's events on disk before the monitor has them: {@code events.tsv} holds every event in the order it was
 * made (id, migration, CloudEvent per line), {@code sent.ids} the ids the monitor or Kafka acknowledged. An event is
 * written here before it is sent, so neither an unreachable monitor nor a killed agent loses it; the next run sends
 * what an earlier one left, in order, each id once. When everything was sent the files are emptied.
 * One agent at a time per spool directory (a file lock says so).
 */
final class Spool implements AutoCloseable {

    /** One spooled event. */
    record Entry(String id, String migrationId, String cloudEvent) {
    }

    private final Path events;
    private final Path sentIds;
    private final Path rejected;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<Entry> pending = new ArrayList<>();
    private final BufferedWriter eventsOut;
    private final BufferedWriter sentOut;

    Spool(Path dir) {
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("spool.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("another cutover-agent is using the spool " + dir
                        + ": give this one its own --spool directory");
            }
            events = dir.resolve("events.tsv");
            sentIds = dir.resolve("sent.ids");
            rejected = dir.resolve("rejected.tsv");
            Set<String> sent = Files.exists(sentIds) ? new HashSet<>(Files.readAllLines(sentIds)) : new HashSet<>();
            if (Files.exists(events)) {
                for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
                    String[] fields = line.split("\t", 3);
                    if (fields.length == 3 && !sent.contains(fields[0])) {
                        pending.add(new Entry(fields[0], fields[1], fields[2]));
                    }
                }
            }
            eventsOut = Files.newBufferedWriter(events, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            sentOut = Files.newBufferedWriter(sentIds, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool " + dir, e);
        }
    }

    /** Events an earlier run left unsent (read when the spool was opened) plus those added since, not yet sent. */
    synchronized int pendingCount() {
        return pending.size();
    }

    /** Compact JSON has no raw tab or line break, so a CloudEvent is one field of one line. */
    synchronized void add(Entry entry) {
        try {
            eventsOut.write(entry.id() + '\t' + entry.migrationId() + '\t' + entry.cloudEvent());
            eventsOut.newLine();
            eventsOut.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool " + events, e);
        }
        pending.add(entry);
        notifyAll();
    }

    /** The oldest unsent events, in order; waits up to {@code waitMillis} while there are none. */
    synchronized List<Entry> next(int max, long waitMillis) throws InterruptedException {
        if (pending.isEmpty() && waitMillis > 0) {
            wait(waitMillis);
        }
        return List.copyOf(pending.subList(0, Math.min(max, pending.size())));
    }

    synchronized void sent(List<Entry> entries) {
        try {
            for (Entry e : entries) {
                sentOut.write(e.id());
                sentOut.newLine();
            }
            sentOut.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool " + sentIds, e);
        }
        pending.removeAll(entries);
        notifyAll();
    }

    /** Events the monitor refused for their content: kept aside with the reason, never sent again. */
    synchronized void rejected(Entry entry, String reason) {
        try {
            Files.writeString(rejected, entry.id() + '\t' + reason.replaceAll("\\s", " ") + '\t' + entry.cloudEvent()
                    + '\n', StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool " + rejected, e);
        }
        sent(List.of(entry));
    }

    /** Waits until every event was sent or the time is up; true when none is left. */
    synchronized boolean awaitEmpty(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!pending.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    @Override
    public synchronized void close() {
        try {
            eventsOut.close();
            sentOut.close();
            if (pending.isEmpty()) {
                Files.writeString(events, "");
                Files.writeString(sentIds, "");
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the spool", e);
        }
    }
}
