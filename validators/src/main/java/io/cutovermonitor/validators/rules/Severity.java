package io.cutovermonitor.validators.rules;

/** How bad an alert is. */
public enum Severity { WARNING, CRITICAL }
