-- Users and API keys share one namespace: a name is what other clients see in `from`, so it must
-- say who sent it. Each claims its name here in the transaction that creates it.
CREATE TABLE principal_names (
    name VARCHAR(64) PRIMARY KEY
);

INSERT INTO principal_names (name) SELECT username FROM users;
INSERT INTO principal_names (name) SELECT name FROM api_keys WHERE name NOT IN (SELECT username FROM users);
