DROP TABLE signing_keys;
DROP TABLE refresh_tokens;
DROP TABLE users;
