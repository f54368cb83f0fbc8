"""libsodium through PyNaCl (Debian's python3-nacl over libsodium23, the same 1.0.18 the client is
built from).

The server never needs a user's keys. What it does need:
- encryption at rest: wrapped keys, TOTP secrets, profiles and code destinations are stored as
  XChaCha20-Poly1305 ciphertext under a server key kept beside the database, never in it, with
  the table and column as associated data (a value copied into another column does not open);
- the agencies' key pairs (the reference backend plays the agencies): open sealed applications,
  verify Ed25519 signatures, open secretstream attachments;
- the demo citizens (--seed), whose credentials are made exactly as the client makes them.
"""
import hashlib
import os

import nacl.bindings as s

KDF_OPS = 2                    # crypto_pwhash_OPSLIMIT_INTERACTIVE
KDF_MEM = 64 * 1024 * 1024     # crypto_pwhash_MEMLIMIT_INTERACTIVE
KEYS_AD = b"lk-keys-v1"
AT_REST_MAGIC = b"\x01lk"       # marks a value encrypted at rest (3 bytes) ‖ nonce(24) ‖ ciphertext


def random_bytes(n):
    return os.urandom(n)


# -- at rest --------------------------------------------------------------------------------
class AtRest:
    """Encrypts values stored in the database with a key that is not in the database."""

    def __init__(self, key):
        if len(key) != 32:
            raise ValueError("at-rest key must be 32 bytes")
        self.key = key

    def seal(self, value, where):
        """value: bytes or str; where: "table.column" (associated data). Returns bytes."""
        if value is None:
            return None
        raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        nonce = os.urandom(24)
        return AT_REST_MAGIC + nonce + s.crypto_aead_xchacha20poly1305_ietf_encrypt(raw, where.encode(), nonce, self.key)

    def open(self, stored, where):
        """bytes back (a value written before encryption at rest was introduced is returned as is)."""
        if stored is None:
            return None
        if isinstance(stored, str):
            return stored.encode("utf-8")
        stored = bytes(stored)
        if not stored.startswith(AT_REST_MAGIC):
            return stored
        nonce, ct = stored[3:27], stored[27:]
        return s.crypto_aead_xchacha20poly1305_ietf_decrypt(ct, where.encode(), nonce, self.key)

    def open_text(self, stored, where):
        raw = self.open(stored, where)
        return None if raw is None else raw.decode("utf-8")


def derive_key(secret, purpose):
    """A 32-byte subkey of a server secret (BLAKE2b keyed with the secret, personalised)."""
    return hashlib.blake2b(purpose, digest_size=32, key=secret, person=b"lk-server-key-v1"[:16]).digest()


# -- client-side operations (demo data) --------------------------------------------------------
def kdf_subkey(master, sub_id, ctx):
    """crypto_kdf_derive_from_key: BLAKE2b(key=master, salt=LE64(id)‖0⁸, person=ctx‖0⁸)."""
    return hashlib.blake2b(b"", digest_size=32, key=master, salt=sub_id.to_bytes(8, "little") + b"\0" * 8,
                           person=ctx + b"\0" * (16 - len(ctx))).digest()


def derive_login_keys(password, salt, ops=KDF_OPS, mem=KDF_MEM):
    """(authenticator, wrap_key): the same derivation as src/crypto/login_keys.cpp."""
    master = s.crypto_pwhash_alg(32, password.encode("utf-8"), salt, ops, mem, s.crypto_pwhash_ALG_ARGON2ID13)
    return kdf_subkey(master, 1, b"lk-auth_"), kdf_subkey(master, 2, b"lk-wrap_")


def generate_keys():
    """(x25519_pk, x25519_sk, ed25519_pk, ed25519_sk)"""
    bpk, bsk = s.crypto_box_keypair()
    spk, ssk = s.crypto_sign_keypair()
    return bpk, bsk, spk, ssk


def wrap_keys(x25519_sk, ed25519_sk, wrap_key):
    """nonce(24) ‖ XChaCha20-Poly1305(x25519_sk ‖ ed25519_sk), AD = lk-keys-v1."""
    nonce = os.urandom(24)
    return nonce + s.crypto_aead_xchacha20poly1305_ietf_encrypt(x25519_sk + ed25519_sk, KEYS_AD, nonce, wrap_key)


# -- the agency's side ---------------------------------------------------------------------------
def box_seal_open(sealed, pk, sk):
    """crypto_box_seal_open: the plaintext, or None when it was not sealed to this key pair."""
    try:
        return s.crypto_box_seal_open(bytes(sealed), pk, sk)
    except Exception:  # noqa: BLE001 - nacl raises CryptoError or ValueError for bad input
        return None


def box_seal(message, pk):
    return s.crypto_box_seal(message, pk)


def sign_seed_keypair(seed):
    return s.crypto_sign_seed_keypair(seed)


def sign_detached(message, sk):
    return s.crypto_sign(message, sk)[:64]


def sign_verify_detached(signature, message, pk):
    if len(signature) != 64 or len(pk) != 32:
        return False
    try:
        s.crypto_sign_open(signature + message, pk)
        return True
    except Exception:  # noqa: BLE001
        return False


SECRETSTREAM_CHUNK = 64 * 1024 + 17   # crypto/file_stream.h: 64 KB chunks + ABYTES


def secretstream_open(blob, key):
    """Attachments: header(24) ‖ crypto_secretstream_xchacha20poly1305 chunks, the last tagged FINAL.
    The plaintext, or None when it does not decrypt to a FINAL chunk at the very end."""
    if blob is None or len(blob) < 24 + 17 or len(key) != 32:
        return None
    try:
        state = s.crypto_secretstream_xchacha20poly1305_state()
        s.crypto_secretstream_xchacha20poly1305_init_pull(state, blob[:24], key)
        out, at, tag = [], 24, None
        while at < len(blob):
            m, tag = s.crypto_secretstream_xchacha20poly1305_pull(state, blob[at:at + SECRETSTREAM_CHUNK], None)
            out.append(m)
            at += SECRETSTREAM_CHUNK
            if tag == s.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
                break
    except Exception:  # noqa: BLE001
        return None
    return b"".join(out) if tag == s.crypto_secretstream_xchacha20poly1305_TAG_FINAL and at >= len(blob) else None
