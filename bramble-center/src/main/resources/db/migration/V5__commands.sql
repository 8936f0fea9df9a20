-- Commands from the center to an agent (issue 4): locate, LEDs, fan, reboot. Queued durably,
-- delivered over the agent's long-poll at least once, executed at most once (the agent keeps the
-- ids it ran), finished with the agent's result or expired after their TTL. Times are epoch ms.
CREATE TABLE commands (
    id            VARCHAR(32)  NOT NULL PRIMARY KEY,
    node_id       VARCHAR(32)  NOT NULL,
    type          VARCHAR(32)  NOT NULL,
    args          TEXT         NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    created_by    VARCHAR(80)  NOT NULL,
    expires_at    BIGINT       NOT NULL,
    delivered_at  BIGINT,
    deliveries    INTEGER      NOT NULL,
    finished_at   BIGINT,
    result        TEXT
);
-- the long-poll asks "what is open for this node"; the expiry job asks "what is open and past its TTL"
CREATE INDEX commands_node_status ON commands (node_id, status);
CREATE INDEX commands_status_expires ON commands (status, expires_at);
CREATE INDEX commands_node_created ON commands (node_id, created_at);
