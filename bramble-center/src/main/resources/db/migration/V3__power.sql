-- Power (issue 7). Portable between SQLite and PostgreSQL like V1: times are epoch milliseconds
-- (BIGINT), keys are chosen by the center (node names as center.yaml binds outlets to them).

-- The state each outlet was last switched to, by whom; restored after a center restart.
CREATE TABLE power_state (
    node        VARCHAR(63)  NOT NULL PRIMARY KEY,
    state       VARCHAR(8)   NOT NULL,
    changed_at  BIGINT       NOT NULL,
    actor       VARCHAR(80)  NOT NULL
);

-- Meter readings of outlets that have one (smart plugs, a read command): a time series per node.
CREATE TABLE power_readings (
    node        VARCHAR(63)  NOT NULL,
    at          BIGINT       NOT NULL,
    watts       DOUBLE PRECISION,
    energy_wh   DOUBLE PRECISION,
    volts       DOUBLE PRECISION,
    amps        DOUBLE PRECISION,
    PRIMARY KEY (node, at)
);
CREATE INDEX power_readings_at ON power_readings (at);
