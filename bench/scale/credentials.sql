-- Credentials for the load's sample, made the way the server makes them (a secret, stored only
-- as its SHA-256): an API token ("rl_" and the secret) and a browser session (the secret as its
-- cookie) for 20,000 lifters spread over the whole range and for 500 clinicians (the 100 with
-- 500 clients and 400 with about 11). Each row also names what the load touches: the lifter's
-- newest session (the check-in), or one of the clinician's clients (the client page).
-- Variables: lifters, clinicians.
CREATE TABLE IF NOT EXISTS scale_credentials (kind TEXT NOT NULL, n BIGINT NOT NULL, secret TEXT NOT NULL, extra TEXT NOT NULL);
DELETE FROM api_tokens WHERE name = 'scale sample';
DELETE FROM web_sessions WHERE csrf_token = 'scale-sample';
TRUNCATE scale_credentials;
INSERT INTO scale_credentials
SELECT 'lifter', i, md5('lifter' || i || random()) || md5('lifter' || i || random()),
       (SELECT id FROM sessions WHERE account_id = scale_account(i) ORDER BY date DESC, id DESC LIMIT 1)
FROM (SELECT 1 + k * greatest(1, :lifters / 20000) AS i FROM generate_series(0, least(19999, :lifters - 1)) k) s;
INSERT INTO scale_credentials
SELECT * FROM (SELECT 'clinician', c, md5('clinician' || c || random()) || md5('clinician' || c || random()),
       (SELECT lifter_id FROM links WHERE clinician_id = scale_account(:lifters + c) ORDER BY id LIMIT 1)
FROM (SELECT generate_series(1, 100) AS c UNION ALL SELECT 101 + k * ((:clinicians - 101) / 400) FROM generate_series(0, 399) k) s
) sample (kind, n, secret, extra) WHERE extra IS NOT NULL; -- a small data set leaves some clinicians without clients
INSERT INTO api_tokens (id, account_id, name, token_hash, created_at, revoked_at, last_used_at)
SELECT scale_id(now(), (7::BIGINT << 40) + row_number() OVER ()), scale_account(CASE kind WHEN 'lifter' THEN n ELSE :lifters + n END),
       'scale sample', encode(sha256(convert_to('rl_' || secret, 'UTF8')), 'hex'), now(), NULL, now()
FROM scale_credentials;
INSERT INTO web_sessions (id, token_hash, account_id, csrf_token, created_at, expires_at, idle_until)
SELECT scale_id(now(), (8::BIGINT << 40) + row_number() OVER ()), encode(sha256(convert_to(secret, 'UTF8')), 'hex'),
       scale_account(CASE kind WHEN 'lifter' THEN n ELSE :lifters + n END), 'scale-sample', now(), now() + INTERVAL '7 days',
       now() + INTERVAL '7 days'
FROM scale_credentials;
ANALYZE api_tokens;
ANALYZE web_sessions;
