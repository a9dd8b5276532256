package io.cutovermonitor.validators.rules;

/** What an alert calls for: nothing beyond attention, stopping the migration, or a rollback decision. */
public enum Action { NONE, STOP, ROLLBACK }
