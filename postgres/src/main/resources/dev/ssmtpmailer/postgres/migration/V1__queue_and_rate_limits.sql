-- The queue and the shared rate limits of ssmtp-mailer. Flyway runs this in the relay's own schema
-- (database_schema, default ssmtp_mailer) with its own history table, so it never touches the
-- application's tables. Every relay instance that uses the schema shares this state.

-- One row per accepted message, queued or dead.
CREATE TABLE message (
    id           text        PRIMARY KEY,
    created      timestamptz NOT NULL,
    sender       text,                                 -- MAIL FROM; NULL for the null sender <>
    size         bigint      NOT NULL CHECK (size >= 0),
    rewrite_from boolean     NOT NULL,
    -- When the workers may take it: the retry time, or the end of the lease while a worker holds it, so that
    -- an instance that dies leaves its messages due again when their leases expire.
    next_attempt timestamptz NOT NULL,
    lease_owner  text,                                 -- instance_id of the holder, NULL when not leased
    lease_token  bigint,                               -- fences a holder whose lease was taken over
    dead_reason  text,                                 -- NULL while queued
    dead_since   timestamptz,
    CHECK ((dead_reason IS NULL) = (dead_since IS NULL))
);

-- The claim (due, live, oldest due first) walks this index and stops after its LIMIT, however many wait.
CREATE INDEX message_due ON message (next_attempt) WHERE dead_reason IS NULL;
CREATE INDEX message_dead ON message (created) WHERE dead_reason IS NOT NULL;

-- One row per recipient: a recipient once DELIVERED is never sent the message again.
CREATE TABLE recipient (
    message_id text    NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    position   integer NOT NULL CHECK (position >= 0),
    original   text    NOT NULL,                       -- RCPT TO as given (the alias)
    deliver_to text    NOT NULL,                       -- the canonical address
    account    text    NOT NULL,
    forwarded  boolean NOT NULL,
    mail_from  text,                                   -- outbound envelope sender; NULL for <> or forwarded mail
    state      text    NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts   integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_reply text    NOT NULL DEFAULT '',
    PRIMARY KEY (message_id, position)
);

-- The message bytes in chunks (256 KiB each, the last one shorter), written and read one at a time so that
-- neither side ever holds a whole large message. EXTERNAL: stored out of line without compression (mail is
-- mostly base64 or already compressed; pglz would spend CPU for little).
CREATE TABLE body_chunk (
    message_id text    NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    seq        integer NOT NULL CHECK (seq >= 0),
    data       bytea   NOT NULL,
    PRIMARY KEY (message_id, seq)
);
ALTER TABLE body_chunk ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE SEQUENCE lease_token AS bigint;

-- Token buckets of the upstream accounts, shared by every instance: one row per account and window.
CREATE TABLE rate_bucket (
    account    text             NOT NULL,              -- lower-case account name
    period_ms  bigint           NOT NULL CHECK (period_ms > 0),
    capacity   bigint           NOT NULL CHECK (capacity > 0),
    tokens     double precision NOT NULL,              -- may be below 0: reserved by callers that wait
    updated_us bigint           NOT NULL,              -- microseconds since the epoch of the last refill
    PRIMARY KEY (account, period_ms)
);
