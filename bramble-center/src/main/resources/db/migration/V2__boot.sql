-- Network boot: boot-file sets, profiles and each node's provisioning state.
-- Portable between SQLite and PostgreSQL like V1: BIGINT epoch milliseconds, ids from the center, JSON as text.

-- A boot-file set copied under <dataDir>/boot/assets/<name>/; files is a JSON list of {path, size, sha256}.
CREATE TABLE boot_assets (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    files       TEXT         NOT NULL,
    total_bytes BIGINT       NOT NULL,
    created_at  BIGINT       NOT NULL,
    created_by  VARCHAR(80)  NOT NULL
);

-- How a node is installed (mode local) or booted without a disk (mode diskless).
CREATE TABLE boot_profiles (
    name             VARCHAR(64)   NOT NULL PRIMARY KEY,
    assets           VARCHAR(64),
    hostname_pattern VARCHAR(128)  NOT NULL,
    role             VARCHAR(32),
    mode             VARCHAR(16)   NOT NULL,
    image            VARCHAR(1024),
    root             VARCHAR(1024),
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL
);

-- One row per node that netboot knows about. The one-time enrollment token is kept in clear text because it is
-- written into the node's cmdline.txt; it allows one enrollment only and is replaced once used.
CREATE TABLE boot_nodes (
    node_id          VARCHAR(32)   NOT NULL PRIMARY KEY,
    profile          VARCHAR(64),
    token_id         VARCHAR(32),
    token            VARCHAR(255),
    generation       BIGINT        NOT NULL,
    state_since      BIGINT        NOT NULL,
    deadline         BIGINT,
    stage            VARCHAR(64),
    percent          INTEGER,
    message          VARCHAR(1024),
    progress_at      BIGINT,
    failed_reason    VARCHAR(1024),
    auto_enlisted    BOOLEAN       NOT NULL
);
