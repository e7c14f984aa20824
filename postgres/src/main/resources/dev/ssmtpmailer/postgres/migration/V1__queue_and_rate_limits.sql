-- The queue and the shared rate limits of ssmtp-mailer. Flyway runs this in the relay's own schema
-- (database_schema, default ssmtp_mailer) with its own history table, so it never touches the
-- application's tables. Every relay instance that uses the schema shares this state.

-- One row per accepted message, queued or dead.
CREATE TABLE message (
    id              text        COLLATE "C" PRIMARY KEY,   -- byte order: ids sort as in Java
    created         timestamptz NOT NULL,
    sender          text,                              -- MAIL FROM; NULL for the null sender <>
    size            bigint      NOT NULL CHECK (size >= 0),
    rewrite_from    boolean     NOT NULL,
    next_attempt    timestamptz NOT NULL,              -- when the next attempt is due
    lease_owner     text,                              -- who attempts it now (NULL: nobody ever did)
    lease_token     bigint,                            -- a takeover gets a new one: fences the late holder
    lease_expires   timestamptz,                       -- until when no other worker may take it
    -- The first moment a worker may take it: due, and no lease in force. An instance that dies leaves its
    -- messages available again when their leases expire.
    available_at    timestamptz GENERATED ALWAYS AS
                        (greatest(next_attempt, coalesce(lease_expires, '-infinity'))) STORED,
    retry_requested timestamptz,                       -- an operator's retry that arrived during a lease
    purge_requested boolean     NOT NULL DEFAULT false, -- an operator's purge that arrived during a lease
    dead_reason     text,                              -- NULL while queued
    dead_since      timestamptz,
    CHECK ((dead_reason IS NULL) = (dead_since IS NULL))
);

-- The claim (available, live, earliest first) walks this index and stops after its LIMIT, however many wait.
CREATE INDEX message_available ON message (available_at) WHERE dead_reason IS NULL;
CREATE INDEX message_queued ON message (created, id) WHERE dead_reason IS NULL;
CREATE INDEX message_dead ON message (created, id) WHERE dead_reason IS NOT NULL;

-- One row per recipient: a recipient once DELIVERED is never sent the message again.
CREATE TABLE recipient (
    message_id text    COLLATE "C" NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    position   integer NOT NULL CHECK (position >= 0),
    original   text    NOT NULL,                       -- RCPT TO as given (the alias)
    deliver_to text    NOT NULL,                       -- the canonical address
    account    text    NOT NULL,
    forwarded  boolean NOT NULL,
    mail_from  text,                                   -- outbound envelope sender; NULL for <> or forwarded mail
    state      text    NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED', 'PURGED')),
    attempts   integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_reply text    NOT NULL DEFAULT '',
    PRIMARY KEY (message_id, position)
);

-- The message bytes in chunks (256 KiB each, the last one shorter), written and read one at a time so that
-- neither side ever holds a whole large message. EXTERNAL: stored out of line without compression (mail is
-- mostly base64 or already compressed; pglz would spend CPU for little).
-- Checked at commit: an accept streams the chunks first and writes the envelope, with the size, last.
CREATE TABLE body_chunk (
    message_id text    COLLATE "C" NOT NULL REFERENCES message (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq        integer NOT NULL CHECK (seq >= 0),
    data       bytea   NOT NULL,
    PRIMARY KEY (message_id, seq)
);
ALTER TABLE body_chunk ALTER COLUMN data SET STORAGE EXTERNAL;

-- Lease tokens: each claim of a message gets the next one.
CREATE SEQUENCE lease_token AS bigint;

-- Wake-ups: NOTIFY <schema>_queue after an accept or an operator's request (see WakeUps.java).

-- Token buckets of the upstream accounts, shared by every instance: one row per account and window.
CREATE TABLE rate_bucket (
    account    text             NOT NULL,              -- lower-case account name
    period_ms  bigint           NOT NULL CHECK (period_ms > 0),
    capacity   bigint           NOT NULL CHECK (capacity > 0),
    tokens     double precision NOT NULL,              -- may be below 0: reserved by callers that wait
    updated_us bigint           NOT NULL,              -- microseconds since the epoch of the last refill
    PRIMARY KEY (account, period_ms)
);
