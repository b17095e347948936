package dev.day2.preferences;

import java.time.Instant;

/** A user's consent for one purpose, and when it last changed (ISO-8601 UTC in JSON). */
record Preference(String userId, String purpose, boolean enabled, Instant updatedAt) {}
