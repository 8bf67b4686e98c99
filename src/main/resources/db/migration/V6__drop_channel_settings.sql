-- The column reserved for per-channel overrides of the prefix policy was never used.
ALTER TABLE channels DROP COLUMN settings;
