package io.bramble.balancer.config;

import io.bramble.core.config.ConfigValueException;

/**
 * Retries of idempotent requests without a body on another member after a connect error, reset or
 * timeout before any response byte: at most {@code attempts} more tries, and retries in flight stay
 * under {@code budgetPercent} of requests in flight (but {@code minConcurrent} are always allowed).
 */
public record Retry(Integer attempts, Integer budgetPercent, Integer minConcurrent) {
    public Retry {
        attempts = ConfigValueException.requireBetween("attempts", attempts == null ? 2 : attempts, 0, 10);
        budgetPercent = ConfigValueException.requireBetween("budgetPercent", budgetPercent == null ? 20 : budgetPercent, 0, 100);
        minConcurrent = ConfigValueException.requireBetween("minConcurrent", minConcurrent == null ? 3 : minConcurrent, 0, 10_000);
    }

    public static Retry defaults() {
        return new Retry(null, null, null);
    }
}
