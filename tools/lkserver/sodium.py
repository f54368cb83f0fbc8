"""libsodium through ctypes (Debian's libsodium23, the same 1.0.18 the client is built from).

The server itself never needs a user's keys; this is used to create the demo citizens
(--seed) exactly as the client would, and by tests that check what the client sent.
"""
import ctypes
import ctypes.util

_lib = None

KDF_OPS = 2                    # crypto_pwhash_OPSLIMIT_INTERACTIVE
KDF_MEM = 64 * 1024 * 1024     # crypto_pwhash_MEMLIMIT_INTERACTIVE
ALG_ARGON2ID13 = 2
KEYS_AD = b"lk-keys-v1"


def lib():
    global _lib
    if _lib is None:
        name = ctypes.util.find_library("sodium") or "libsodium.so.23"
        _lib = ctypes.CDLL(name)
        if _lib.sodium_init() < 0:
            raise RuntimeError("sodium_init failed")
    return _lib


def random_bytes(n):
    buf = ctypes.create_string_buffer(n)
    lib().randombytes_buf(buf, ctypes.c_size_t(n))
    return buf.raw


def derive_login_keys(password, salt, ops=KDF_OPS, mem=KDF_MEM):
    """(authenticator, wrap_key): the same derivation as src/crypto/login_keys.cpp."""
    master = ctypes.create_string_buffer(32)
    pw = password.encode("utf-8")
    rc = lib().crypto_pwhash(master, ctypes.c_ulonglong(32), pw, ctypes.c_ulonglong(len(pw)), salt,
                             ctypes.c_ulonglong(ops), ctypes.c_size_t(mem), ctypes.c_int(ALG_ARGON2ID13))
    if rc != 0:
        raise RuntimeError("crypto_pwhash failed (out of memory?)")
    out = []
    for sub_id, ctx in ((1, b"lk-auth_"), (2, b"lk-wrap_")):
        sub = ctypes.create_string_buffer(32)
        lib().crypto_kdf_derive_from_key(sub, ctypes.c_size_t(32), ctypes.c_uint64(sub_id), ctx, master)
        out.append(sub.raw)
    return out[0], out[1]


def generate_keys():
    """(x25519_pk, x25519_sk, ed25519_pk, ed25519_sk)"""
    bpk, bsk = ctypes.create_string_buffer(32), ctypes.create_string_buffer(32)
    spk, ssk = ctypes.create_string_buffer(32), ctypes.create_string_buffer(64)
    lib().crypto_box_keypair(bpk, bsk)
    lib().crypto_sign_keypair(spk, ssk)
    return bpk.raw, bsk.raw, spk.raw, ssk.raw


def wrap_keys(x25519_sk, ed25519_sk, wrap_key):
    """nonce(24) || XChaCha20-Poly1305(x25519_sk || ed25519_sk), AD = lk-keys-v1."""
    nonce = random_bytes(24)
    msg = x25519_sk + ed25519_sk
    c = ctypes.create_string_buffer(len(msg) + 16)
    clen = ctypes.c_ulonglong(0)
    lib().crypto_aead_xchacha20poly1305_ietf_encrypt(c, ctypes.byref(clen), msg, ctypes.c_ulonglong(len(msg)), KEYS_AD,
                                                     ctypes.c_ulonglong(len(KEYS_AD)), None, nonce, wrap_key)
    return nonce + c.raw[:clen.value]


def unwrap_keys(blob, wrap_key):
    nonce, c = blob[:24], blob[24:]
    m = ctypes.create_string_buffer(max(1, len(c)))
    mlen = ctypes.c_ulonglong(0)
    rc = lib().crypto_aead_xchacha20poly1305_ietf_decrypt(m, ctypes.byref(mlen), None, c, ctypes.c_ulonglong(len(c)), KEYS_AD,
                                                          ctypes.c_ulonglong(len(KEYS_AD)), nonce, wrap_key)
    if rc != 0:
        return None
    return m.raw[:mlen.value]


def box_seal_open(sealed, pk, sk):
    """crypto_box_seal_open: the plaintext, or None when it was not sealed to this key pair."""
    if len(sealed) < 48:
        return None
    m = ctypes.create_string_buffer(len(sealed) - 48 + 1)
    rc = lib().crypto_box_seal_open(m, sealed, ctypes.c_ulonglong(len(sealed)), pk, sk)
    return m.raw[:len(sealed) - 48] if rc == 0 else None


def box_seal(message, pk):
    c = ctypes.create_string_buffer(len(message) + 48)
    lib().crypto_box_seal(c, message, ctypes.c_ulonglong(len(message)), pk)
    return c.raw


def sign_verify_detached(signature, message, pk):
    return len(signature) == 64 and len(pk) == 32 and lib().crypto_sign_verify_detached(
        signature, message, ctypes.c_ulonglong(len(message)), pk) == 0



SECRETSTREAM_CHUNK = 64 * 1024 + 17   # crypto/file_stream.h: 64 KB chunks + ABYTES
TAG_FINAL = 3


def secretstream_open(blob, key):
    """Attachments: header(24) ‖ crypto_secretstream_xchacha20poly1305 chunks, the last tagged FINAL.
    The plaintext, or None when it does not decrypt to a FINAL chunk at the very end."""
    if len(blob) < 24 + 17 or len(key) != 32:
        return None
    state = ctypes.create_string_buffer(lib().crypto_secretstream_xchacha20poly1305_statebytes())
    if lib().crypto_secretstream_xchacha20poly1305_init_pull(state, blob[:24], key) != 0:
        return None
    out, at, tag = [], 24, ctypes.c_ubyte(0)
    while at < len(blob):
        c = blob[at:at + SECRETSTREAM_CHUNK]
        m = ctypes.create_string_buffer(len(c))
        mlen = ctypes.c_ulonglong(0)
        if lib().crypto_secretstream_xchacha20poly1305_pull(state, m, ctypes.byref(mlen), ctypes.byref(tag), c,
                                                            ctypes.c_ulonglong(len(c)), None, ctypes.c_ulonglong(0)) != 0:
            return None
        out.append(m.raw[:mlen.value])
        at += len(c)
        if tag.value == TAG_FINAL:
            break
    return b"".join(out) if tag.value == TAG_FINAL and at == len(blob) else None
