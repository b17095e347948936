package dev.day2.preferences;

import java.time.Instant;

/**
 * One recorded change of a preference (ADR 0137): the value it left ({@code enabled}: true, false,
 * or null when the preference was removed), when, and who made it (the caller's token subject, or
 * {@code db:<login>} for a change made in the database directly).
 */
record PreferenceEvent(
    String userId, String purpose, Boolean enabled, Instant changedAt, String changedBy) {}
