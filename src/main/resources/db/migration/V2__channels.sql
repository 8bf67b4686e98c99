-- Durable channels. A channel's row is locked by every transaction that numbers its messages, so
-- instances sharing the database never assign the same seq. ts is milliseconds since the epoch.
CREATE TABLE channels (
    name       VARCHAR(128) PRIMARY KEY,
    epoch      VARCHAR(32)  NOT NULL,
    last_seq   BIGINT       NOT NULL,
    settings   VARCHAR(2000),
    created_at BIGINT       NOT NULL
);

-- data is the message's JSON text as published. client_id is the publisher's id (for
-- deduplication), null when it sent none.
CREATE TABLE messages (
    channel   VARCHAR(128)   NOT NULL,
    seq       BIGINT         NOT NULL,
    data      VARCHAR(1000000) NOT NULL,
    sender    VARCHAR(64)    NOT NULL,
    client_id VARCHAR(128),
    ts        BIGINT         NOT NULL,
    deleted   BOOLEAN        NOT NULL DEFAULT FALSE,
    PRIMARY KEY (channel, seq)
);

CREATE INDEX messages_dedup ON messages (channel, client_id);
CREATE INDEX messages_age ON messages (ts);
