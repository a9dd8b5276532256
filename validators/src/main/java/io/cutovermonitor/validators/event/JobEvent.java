package io.cutovermonitor.validators.event;

/**
 * {@code migration.job.v1}: a run of a batch job.
 *
 * @param records         may be null
 * @param durationSeconds may be null
 */
public record JobEvent(String migrationId, String job, String runId, JobState state, Long records,
                       Double durationSeconds) implements EventData {

    public enum JobState { STARTED, SUCCEEDED, FAILED }

    @Override
    public EventType type() {
        return EventType.JOB;
    }
}
