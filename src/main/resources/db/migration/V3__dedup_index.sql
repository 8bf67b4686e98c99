-- The dedup look-up asks for client_id IN (...) within a channel. With the channel first, the
-- embedded database walked every message of the channel; led by client_id, each id is one probe.
DROP INDEX messages_dedup;
CREATE INDEX messages_client_id ON messages (client_id, channel);
