package io.cutovermonitor.validators.rules;

/** An alert transition either starts an episode or ends it. */
public enum AlertState { FIRING, RESOLVED }
