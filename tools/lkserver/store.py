"""The SQLite database: one file, a connection per thread, schema migrated on start."""
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
]


class Database:
    def __init__(self, path):
        self.path = path
        self.local = threading.local()
        self.write_lock = threading.Lock()
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        con = self.connect()
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations")}
        for version, sql in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            # executescript commits first; run the migration and its record in one script.
            con.executescript("BEGIN;\n%s\nINSERT INTO schema_migrations VALUES (%d, %f);\nCOMMIT;" % (sql, version, time.time()))

    def connect(self):
        con = getattr(self.local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("PRAGMA busy_timeout=10000")
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
        self.con.execute("BEGIN IMMEDIATE")
        return self.con

    def __exit__(self, exc_type, exc, tb):
        from .errors import KeepWritesError
        keep = exc_type is None or (isinstance(exc, KeepWritesError))
        try:
            self.con.execute("COMMIT" if keep else "ROLLBACK")
        finally:
            self.db.write_lock.release()
        return False
