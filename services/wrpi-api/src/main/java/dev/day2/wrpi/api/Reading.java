package dev.day2.wrpi.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The answer of {@code GET /v0/wrpi}, with the moment it stands for (not serialised). */
record Reading(
    @JsonProperty("latest_value") double latestValue,
    @JsonProperty("latest_calculation_at") String latestCalculationAt,
    @JsonIgnore Instant calculatedAt) {}
