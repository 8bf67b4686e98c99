-- A random key, written once per database by the first instance to start. A channel that has no
-- row yet (nothing was ever published in it) has the epoch derived from its name and this key, so
-- every instance tells its subscribers the same epoch, and the first publish stores that epoch in
-- the row it creates. Reading a channel therefore creates nothing.
CREATE TABLE epoch_key (
    id     INT         PRIMARY KEY CHECK (id = 1),
    secret VARCHAR(64) NOT NULL
);
