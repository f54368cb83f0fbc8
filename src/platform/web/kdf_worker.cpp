// The Web Worker that runs Argon2id (its own small wasm module, -sBUILD_AS_WORKER): the page
// keeps drawing while a password is being turned into keys.
//   request:  u32 ops | u32 mem | 16-byte salt | password (UTF-8)
//   response: u8 ok | 32-byte authenticator | 32-byte wrap key
#include <emscripten.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "crypto/login_keys.h"

extern "C" EMSCRIPTEN_KEEPALIVE void kdf_derive(char* data, int size) {
    unsigned char out[65] = {0};
    if (size >= 24 && crypto::Init()) {
        uint32_t ops = 0, mem = 0;
        memcpy(&ops, data, 4);
        memcpy(&mem, data + 4, 4);
        crypto::KdfParams p;
        p.salt.assign((unsigned char*)data + 8, (unsigned char*)data + 24);
        p.ops = ops;
        p.mem = mem;
        std::string password(data + 24, (size_t)size - 24);
        crypto::LoginKeys k = crypto::DeriveLoginKeys(password, p);
        sodium_memzero(&password[0], password.size());
        sodium_memzero(data, (size_t)size);
        if (k.ok) {
            out[0] = 1;
            memcpy(out + 1, k.authenticator.data(), 32);
            memcpy(out + 33, k.wrap_key.data(), 32);
        }
    }
    emscripten_worker_respond((char*)out, sizeof(out));
    sodium_memzero(out, sizeof(out));
}
