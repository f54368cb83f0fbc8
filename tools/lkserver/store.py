"""The SQLite database: one file, a connection per thread, schema migrated on start.

Writers take one lock for the length of their transaction and nothing else: what a transaction
wants done outside it (a code to "send", an event to deliver, a line to print) is registered with
`after_commit` and runs after the lock is released, so no request waits on another's I/O."""
import os
import sqlite3
import threading
import time

MIGRATIONS = [
    # 1: bookkeeping
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);""",
    # 2: accounts, one-time codes, sessions, security log, profile versions, consents.
    # No password and no authenticator is ever stored: auth_hash = HMAC-SHA256(pepper, authenticator),
    # where the authenticator itself is derived on the client with Argon2id. Private keys are stored
    # only wrapped (XChaCha20-Poly1305) with a key that only the client can derive.
    """
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        phone TEXT NOT NULL UNIQUE,
        email TEXT NOT NULL UNIQUE,
        snils TEXT UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('pending', 'active')),
        kdf_salt TEXT NOT NULL,
        kdf_ops INTEGER NOT NULL,
        kdf_mem INTEGER NOT NULL,
        auth_hash BLOB NOT NULL,
        wrapped_keys TEXT NOT NULL,
        pk_x25519 TEXT NOT NULL,
        pk_ed25519 TEXT NOT NULL,
        totp_secret TEXT,
        totp_enabled INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until REAL NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE TABLE codes (
        id TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        purpose TEXT NOT NULL,
        code_hash BLOB NOT NULL,
        destination TEXT NOT NULL,
        expires_at REAL NOT NULL,
        sent_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        used INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        access_hash BLOB NOT NULL UNIQUE,
        refresh_hash BLOB NOT NULL UNIQUE,
        access_expires REAL NOT NULL,
        refresh_expires REAL NOT NULL,
        created_at REAL NOT NULL,
        last_seen REAL NOT NULL,
        ip TEXT NOT NULL,
        device TEXT NOT NULL,
        revoked_at REAL
    );
    CREATE INDEX sessions_account ON sessions(account_id);
    CREATE TABLE security_log (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        at REAL NOT NULL,
        ip TEXT NOT NULL,
        device TEXT NOT NULL,
        event TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX security_log_account ON security_log(account_id, at);
    CREATE TABLE profile_versions (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        verified TEXT NOT NULL DEFAULT '[]',
        reason TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (account_id, version)
    );
    CREATE TABLE consents (
        id TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        purpose TEXT NOT NULL,
        given_at REAL NOT NULL,
        withdrawn_at REAL
    );
    CREATE INDEX consents_account ON consents(account_id);
    """,
    # 3: idempotency keys — a retried or double-clicked POST replays the first answer.
    """
    CREATE TABLE idempotency (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (scope, key)
    );
    """,
    # 4: drafts, attachments, applications — ciphertext only (see applications.py).
    """
    CREATE TABLE drafts (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        form_code TEXT NOT NULL,
        service_id TEXT NOT NULL,
        blob TEXT NOT NULL,
        updated_at REAL NOT NULL,
        PRIMARY KEY (account_id, form_code)
    );
    CREATE TABLE applications (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        form_code TEXT NOT NULL,
        service_id TEXT NOT NULL,
        sealed BLOB NOT NULL,
        own_copy BLOB NOT NULL,
        status TEXT NOT NULL,
        created_at REAL NOT NULL,
        sealed_size INTEGER NOT NULL,
        files INTEGER NOT NULL
    );
    CREATE INDEX applications_account ON applications(account_id, created_at);
    CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at REAL NOT NULL,
        application_id INTEGER REFERENCES applications(id) ON DELETE CASCADE
    );
    CREATE INDEX attachments_account ON attachments(account_id, application_id);
    """,
    # 5: accounts that resist attack (docs/behaviour.md).
    # - An e-mail is a sign-in identifier only once confirmed, a СНИЛС only when verified: both
    #   columns hold the confirmed/verified value or NULL (the contact e-mail lives in the profile).
    # - wrapped_keys and totp_secret are encrypted at rest with the server key (crypto.AtRest).
    # - codes: a code may belong to no account (a decoy for an unknown identifier answers exactly like
    #   a real one); its subject is what wrong guesses are counted against; its destination is
    #   encrypted. Codes live minutes, so the old table is simply replaced.
    """
    CREATE TABLE accounts_new (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        phone TEXT NOT NULL UNIQUE,
        email TEXT UNIQUE,
        snils TEXT UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('pending', 'active')),
        kdf_salt TEXT NOT NULL,
        kdf_ops INTEGER NOT NULL,
        kdf_mem INTEGER NOT NULL,
        auth_hash BLOB NOT NULL,
        wrapped_keys BLOB NOT NULL,
        pk_x25519 TEXT NOT NULL,
        pk_ed25519 TEXT NOT NULL,
        totp_secret BLOB,
        totp_enabled INTEGER NOT NULL DEFAULT 0,
        totp_last_step INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until REAL NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    INSERT INTO accounts_new (id, public_id, phone, email, snils, status, kdf_salt, kdf_ops, kdf_mem, auth_hash, wrapped_keys,
                              pk_x25519, pk_ed25519, totp_secret, totp_enabled, failed_logins, locked_until, created_at)
        SELECT id, public_id, phone, email, snils, status, kdf_salt, kdf_ops, kdf_mem, auth_hash, wrapped_keys,
               pk_x25519, pk_ed25519, totp_secret, totp_enabled, failed_logins, locked_until, created_at FROM accounts;
    DROP TABLE accounts;
    ALTER TABLE accounts_new RENAME TO accounts;
    DROP TABLE codes;
    CREATE TABLE codes (
        id TEXT PRIMARY KEY,
        account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        purpose TEXT NOT NULL,
        code_hash BLOB NOT NULL,
        destination BLOB NOT NULL,
        expires_at REAL NOT NULL,
        sent_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        used INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX codes_account ON codes(account_id, used);
    ALTER TABLE sessions ADD COLUMN prev_refresh_hash BLOB;
    ALTER TABLE sessions ADD COLUMN factor_at REAL NOT NULL DEFAULT 0;
    ALTER TABLE idempotency ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
    CREATE INDEX idempotency_created ON idempotency(created_at);
    ALTER TABLE applications ADD COLUMN signer_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE attachments ADD COLUMN received INTEGER NOT NULL DEFAULT 0;
    UPDATE attachments SET received = LENGTH(data);
    CREATE TABLE attachment_chunks (
        attachment_id TEXT NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
        offset INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (attachment_id, offset)
    );
    -- Attempt counters (wrong codes, failed logins) per subject: an account, an identifier, an address.
    CREATE TABLE counters (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL DEFAULT 0,
        level INTEGER NOT NULL DEFAULT 0,
        locked_until REAL NOT NULL DEFAULT 0,
        last_failure_at REAL NOT NULL DEFAULT 0
    );
    -- Sliding-window rate limits (codes sent per destination, address, overall; applications per
    -- day), counted in buckets of 1/60 of the window: a check reads at most 60 rows per window
    -- however busy the key is.
    CREATE TABLE rate_buckets (
        key TEXT NOT NULL,
        width INTEGER NOT NULL,
        start INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (key, width, start)
    );
    CREATE TABLE recovery_codes (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        code_hash BLOB NOT NULL,
        used_at REAL,
        PRIMARY KEY (account_id, code_hash)
    );
    -- The event stream (GET /events): per user, ids increase, kept at least 24 h.
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE INDEX events_account ON events(account_id, id);
    CREATE INDEX events_created ON events(created_at);
    """,
    # 6: status tracking (SPEC §5): every move of an application with who made it and why; the
    # agency's open question, its deadline and a refusal's reason on the application itself.
    """
    ALTER TABLE applications ADD COLUMN updated_at REAL NOT NULL DEFAULT 0;
    ALTER TABLE applications ADD COLUMN expected_at REAL NOT NULL DEFAULT 0;
    ALTER TABLE applications ADD COLUMN info TEXT NOT NULL DEFAULT '{}';
    UPDATE applications SET updated_at = created_at;
    CREATE TABLE application_history (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        at REAL NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        actor TEXT NOT NULL CHECK (actor IN ('user', 'agency', 'system')),
        comment TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX application_history_app ON application_history(application_id, id);
    INSERT INTO application_history (application_id, at, from_status, to_status, actor)
        SELECT id, created_at, 'draft', 'submitted', 'user' FROM applications;
    """,
    # 7: the applicant's answers to the agency's questions, sealed to the agency like the application.
    """
    CREATE TABLE application_answers (
        id INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        at REAL NOT NULL,
        sealed BLOB NOT NULL
    );
    """,
    # 8: the agency simulator's plans; documents the agencies issue (a signed public statement and
    # the content sealed to the holder); «Кто смотрел мои данные».
    """
    CREATE TABLE agency_plans (
        application_id INTEGER PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
        next_at REAL NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('done', 'rejected', 'needs_info')),
        asked INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX agency_plans_due ON agency_plans(next_at);
    CREATE TABLE documents (
        code TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        application_id INTEGER REFERENCES applications(id) ON DELETE SET NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        issuer TEXT NOT NULL,
        issued_at REAL NOT NULL,
        statement TEXT NOT NULL,
        signature BLOB NOT NULL,
        sealed BLOB NOT NULL,
        revocation TEXT,
        revocation_signature BLOB
    );
    CREATE INDEX documents_account ON documents(account_id, issued_at);
    CREATE TABLE data_access (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        at REAL NOT NULL,
        who TEXT NOT NULL,
        what TEXT NOT NULL,
        why TEXT NOT NULL
    );
    CREATE INDEX data_access_account ON data_access(account_id, at);
    """,
    # 9: «Уведомления»: the feed, settings per type and channel, what quiet hours hold back.
    """
    CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        kind TEXT NOT NULL,
        params TEXT NOT NULL,
        object TEXT,
        text TEXT NOT NULL,
        search TEXT NOT NULL,
        created_at REAL NOT NULL,
        read_at REAL
    );
    CREATE INDEX notifications_account ON notifications(account_id, id);
    CREATE INDEX notifications_unread ON notifications(account_id) WHERE read_at IS NULL;
    CREATE TABLE notification_settings (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        settings TEXT NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        text TEXT NOT NULL,
        send_after REAL NOT NULL
    );
    CREATE INDEX deliveries_due ON deliveries(send_after);
    """,
    # 10: «Начисления и платежи»: charges (fees, fines, taxes) with their УИН; payments through
    # the test gateway.
    """
    CREATE TABLE charges (
        id TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('fee', 'fine', 'tax')),
        uin TEXT NOT NULL UNIQUE,
        amount INTEGER NOT NULL CHECK (amount > 0),
        purpose TEXT NOT NULL,
        recipient TEXT NOT NULL,
        created_at REAL NOT NULL,
        due_at REAL NOT NULL,
        decided_at REAL,
        application_id INTEGER REFERENCES applications(id) ON DELETE SET NULL,
        paid_at REAL
    );
    CREATE INDEX charges_account ON charges(account_id, created_at);
    CREATE TABLE payments (
        id TEXT PRIMARY KEY,
        charge_id TEXT NOT NULL REFERENCES charges(id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        amount INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'declined')),
        reason TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        finished_at REAL,
        receipt TEXT
    );
    CREATE INDEX payments_charge ON payments(charge_id);
    CREATE UNIQUE INDEX payments_one_success ON payments(charge_id) WHERE status = 'succeeded';
    """,
    # 11: «Совместные решения» (docs/rooms.md): rooms, their signed journals, and the members the
    # journals make (a member row follows a verified «added» entry; `removed_seq` when removed).
    """
    CREATE TABLE rooms (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('family', 'joint', 'legal', 'general')),
        created_by INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at REAL NOT NULL,
        head_seq INTEGER NOT NULL,
        head TEXT NOT NULL,
        key_epoch INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE room_journal (
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        entry TEXT NOT NULL,
        hash TEXT NOT NULL,
        received_at REAL NOT NULL,
        PRIMARY KEY (room_id, seq)
    );
    CREATE TABLE room_members (
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        pk TEXT NOT NULL,
        box TEXT NOT NULL,
        role TEXT NOT NULL,
        added_seq INTEGER NOT NULL,
        removed_seq INTEGER
    );
    CREATE UNIQUE INDEX room_members_current ON room_members(room_id, pk) WHERE removed_seq IS NULL;
    CREATE INDEX room_members_account ON room_members(account_id);
    """,
    # 12: invitations to rooms by phone or e-mail (7 days); the invitee's keys once accepted.
    """
    CREATE TABLE room_invitations (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        inviter_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        destination TEXT NOT NULL,
        role TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sent', 'accepted', 'declined')),
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        answered_at REAL,
        invitee_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        invitee_pk TEXT,
        invitee_box TEXT
    );
    CREATE INDEX room_invitations_room ON room_invitations(room_id, created_at);
    CREATE INDEX room_invitations_destination ON room_invitations(destination);
    """,
    # 13: the room key's sealed copies (one per member and epoch) and the chat's ciphertext.
    """
    CREATE TABLE room_keys (
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        member TEXT NOT NULL,
        sealed BLOB NOT NULL,
        by_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        at REAL NOT NULL,
        PRIMARY KEY (room_id, epoch, member)
    );
    CREATE TABLE room_messages (
        id INTEGER PRIMARY KEY,
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        author TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        ciphertext BLOB NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX room_messages_room ON room_messages(room_id, id);
    """,
    # 14: proposals as the backend counts them, so that it closes each at its deadline's instant.
    """
    CREATE TABLE room_proposals (
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        proposal TEXT NOT NULL,
        seq INTEGER NOT NULL,
        author TEXT NOT NULL,
        rule TEXT NOT NULL,
        quorum INTEGER NOT NULL,
        deadline REAL NOT NULL,
        voters TEXT NOT NULL,
        closed_at REAL,
        outcome TEXT,
        PRIMARY KEY (room_id, proposal)
    );
    CREATE INDEX room_proposals_open ON room_proposals(deadline) WHERE closed_at IS NULL;
    """,
    # 15: a joint application («совместное заявление») from a room's signed document: besides the
    # member who submitted it, every signer is its applicant and follows it in «Мои заявления».
    """
    CREATE TABLE application_applicants (
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        PRIMARY KEY (application_id, account_id)
    );
    CREATE INDEX application_applicants_account ON application_applicants(account_id, application_id);
    """,
    # 16: a reminder to those who have not voted, a day before the deadline (half-way for shorter
    # proposals), timed by the same clock that closes proposals.
    """
    ALTER TABLE room_proposals ADD COLUMN remind_at REAL;
    ALTER TABLE room_proposals ADD COLUMN reminded INTEGER NOT NULL DEFAULT 0;
    """,
    # 17: how far each member has read a room's chat (POST /rooms/{id}/read): «N новых» in the list,
    # the same on every device of theirs.
    """
    CREATE TABLE room_reads (
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        message_id INTEGER NOT NULL,
        PRIMARY KEY (room_id, account_id)
    );
    """,
    # 18: a chat message's files: uploaded encrypted like an application's (POST /attachments),
    # then bound to the message, after which the room's members may fetch them and nobody changes
    # or deletes them (the key is inside the message, which only the members can read).
    """
    ALTER TABLE attachments ADD COLUMN room_id TEXT REFERENCES rooms(id) ON DELETE CASCADE;
    ALTER TABLE attachments ADD COLUMN room_message INTEGER;
    CREATE INDEX attachments_room ON attachments(room_id, id);
    """,
    # 19: «Запись на приём» (tools/lkserver/appointments.py): bookings, and the days an office closed
    # itself. The partial unique index is what keeps two people off one slot: the second INSERT (or a
    # move's UPDATE) for a slot that is held fails, whatever the checks before it saw. A booking
    # with no account is a slot taken at the office's own desk.
    """
    CREATE TABLE appointments (
        id TEXT PRIMARY KEY,
        account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        service TEXT NOT NULL,
        office TEXT NOT NULL,
        start INTEGER NOT NULL,
        duration INTEGER NOT NULL,
        application_id INTEGER REFERENCES applications(id) ON DELETE SET NULL,
        comment TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        cancelled_at REAL,
        remind_at REAL NOT NULL,
        reminded INTEGER NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX appointments_slot ON appointments(office, start) WHERE cancelled_at IS NULL;
    CREATE INDEX appointments_account ON appointments(account_id, start);
    CREATE INDEX appointments_remind ON appointments(remind_at) WHERE cancelled_at IS NULL AND reminded = 0;
    CREATE TABLE office_closures (
        office TEXT NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (office, day)
    );
    """,
    # 20: support (tools/lkserver/support.py): appeals and the one support chat per person share the
    # tables (channel); texts are encrypted at rest (appeal_messages.body, appeals.summary), files
    # are uploads bound to a message like a room chat's (their keys are sealed inside the body).
    """
    CREATE TABLE appeals (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        channel TEXT NOT NULL CHECK (channel IN ('appeal', 'chat')),
        topic TEXT NOT NULL,
        service_type TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'done', 'rejected', 'postponed')),
        summary BLOB NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        waiting INTEGER NOT NULL DEFAULT 0,
        asked INTEGER NOT NULL DEFAULT 0,
        desk_next_at REAL,
        desk_step TEXT,
        desk_read INTEGER,
        chat_state TEXT CHECK (chat_state IN ('bot', 'operator')),
        operator TEXT
    );
    CREATE INDEX appeals_account ON appeals(account_id, channel, created_at);
    CREATE UNIQUE INDEX appeals_one_chat ON appeals(account_id) WHERE channel = 'chat';
    CREATE INDEX appeals_desk ON appeals(desk_next_at) WHERE desk_next_at IS NOT NULL;
    CREATE TABLE appeal_messages (
        id INTEGER PRIMARY KEY,
        appeal_id INTEGER NOT NULL REFERENCES appeals(id) ON DELETE CASCADE,
        author TEXT NOT NULL CHECK (author IN ('citizen', 'support', 'bot')),
        kind TEXT NOT NULL,
        body BLOB NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX appeal_messages_appeal ON appeal_messages(appeal_id, id);
    ALTER TABLE attachments ADD COLUMN appeal_id INTEGER REFERENCES appeals(id) ON DELETE CASCADE;
    ALTER TABLE attachments ADD COLUMN appeal_message INTEGER;
    CREATE INDEX attachments_appeal ON attachments(appeal_id, id);
    """,
]


class Database:
    def __init__(self, path):
        self.path = path
        self.local = threading.local()
        self.write_lock = threading.Lock()
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        # The database, its WAL and shared-memory files: readable by the server's user only.
        # SQLite creates -wal/-shm with the database file's mode, so the file is made 0600 first.
        if not os.path.exists(path):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        con = self.connect()
        con.execute("PRAGMA journal_mode=WAL")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.chmod(path + suffix, 0o600)
        # Migration 5 rebuilds `accounts`: references from other tables must not be checked midway.
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations")}
        for version, sql in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            # executescript commits first; run the migration and its record in one script.
            con.executescript("BEGIN;\n%s\nINSERT INTO schema_migrations VALUES (%d, %f);\nCOMMIT;" % (sql, version, time.time()))
        con.execute("PRAGMA foreign_keys=ON")

    def connect(self):
        con = getattr(self.local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None, factory=_Connection, check_same_thread=True)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("PRAGMA busy_timeout=10000")
            # WAL with synchronous=NORMAL: a commit is one write, the fsync happens at checkpoints.
            # A power cut may lose the last transactions, never corrupt the file. With FULL every
            # commit waited for an fsync (~20 ms here) and writers topped out at ~50 a second.
            con.execute("PRAGMA synchronous=NORMAL")
            self.local.con = con
        return con

    def query(self, sql, args=()):
        return self.connect().execute(sql, args).fetchall()

    def one(self, sql, args=()):
        return self.connect().execute(sql, args).fetchone()

    def transaction(self):
        """`with db.transaction() as con:` — one writer at a time, all-or-nothing."""
        return _Transaction(self)

    def schema_version(self):
        return self.one("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")["v"]


class _Transaction:
    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.write_lock.acquire()
        self.con = self.db.connect()
        self.con.after_commit = []
        self.con.execute("BEGIN IMMEDIATE")
        return self.con

    def __exit__(self, exc_type, exc, tb):
        from .errors import KeepWritesError
        keep = exc_type is None or (isinstance(exc, KeepWritesError))
        try:
            self.con.execute("COMMIT" if keep else "ROLLBACK")
        finally:
            self.db.write_lock.release()
            todo, self.con.after_commit = self.con.after_commit, None
        if keep:
            for fn in todo:
                fn()
        return False


class _Connection(sqlite3.Connection):
    """A connection that can carry the after-commit work of its current transaction."""
    after_commit = None


def after_commit(con, fn):
    """Runs fn once the current transaction has committed and the write lock is released
    (immediately when con is not in a transaction of ours)."""
    if getattr(con, "after_commit", None) is None:
        fn()
    else:
        con.after_commit.append(fn)
