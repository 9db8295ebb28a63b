/*
 * The S3 object chunk format's AES-256-GCM (storage/object-cipher.ts) sealed and opened into buffers the caller
 * owns, with the OpenSSL that Node.js itself carries (its headers come with node-gyp's, its symbols are exported
 * by the node binary). Node's Cipheriv.update allocates every output (length + block size, zero-filled, then
 * copied into a second buffer of the right length); here the output goes where the caller says: a reused slab on
 * a PUT, the read buffer itself (in place) on a GET.
 *
 * The format is the one object-cipher.ts writes with node:crypto: per chunk, nonce = 4 zero bytes || the chunk's
 * index as 64-bit big-endian, AAD = one byte (1 for the file's last chunk, else 0), ciphertext then the 16-byte tag.
 *
 *   context(key: Uint8Array(32), encrypt: boolean) -> handle   (one per data key and direction; the AES key
 *                                                             schedule is kept, each chunk only sets its nonce)
 *   seal(handle, index, last, pieces: Uint8Array | Uint8Array[], out: Uint8Array, outOffset) -> bytes written
 *                                                             (sum of the pieces + 16: ciphertext, then the tag)
 *   open(handle, index, last, src: Uint8Array, srcOffset, plainLength, out: Uint8Array, outOffset) -> boolean
 *                                                             (false: the chunk failed authentication; `out` may be
 *                                                             `src` at the same offset, deciphering in place)
 *
 * And a large object's MD5 (its ETag) on libuv's thread pool, reading the caller's buffers where they are (no copy
 * into shared memory for a worker thread, no message per batch):
 *
 *   md5() -> handle                                            (the running MD5 of one stream)
 *   md5Update(handle, pieces: Uint8Array[], done: (err?) => void)
 *                                                             (hashes the pieces, after every earlier update, on the
 *                                                             pool; `done` runs on the JS thread once they are read.
 *                                                             The pieces are held until then and must not change;
 *                                                             one update at a time per handle, else it throws)
 *   md5Digest(handle) -> hex string                            (the digest of everything updated; throws while an
 *                                                             update is in flight; the handle is then spent)
 *
 * S3's CRC checksums that have no fast path in Node (x-amz-checksum-crc32c, -crc64nvme: JavaScript tables cost 3
 * and 18 s/GiB on this machine), computed beside the MD5 in the same pass over each buffer when a handle asks for
 * them, or on the calling thread for small bodies (slice-by-8 tables, reflected, as S3 defines them):
 *
 *   md5(kinds?: number) -> handle                              (kinds: CRC32C = 1 | CRC64NVME = 2, also computed)
 *   md5Crc(handle, kind) -> Uint8Array                         (a CRC asked for at md5(): its big-endian value, 4 or
 *                                                             8 bytes; throws while an update is in flight)
 *   crcUpdate(kind, state: Uint8Array(9), data: Uint8Array)    (continues a running CRC kept in `state`, all zero to
 *   crcValue(kind, state) -> Uint8Array                         start; crcValue gives its big-endian value)
 */
#include <node_api.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TAG_BYTES 16
#define KEY_BYTES 32
#define NONCE_BYTES 12
#define MAX_PIECES 64

typedef struct {
  EVP_CIPHER_CTX *ctx;
  int encrypt;
} Aead;

static const napi_type_tag AEAD_TAG = {0x5f1a7c0de3b24a11ULL, 0x9c2e51f0a8d64b37ULL};

static void finalize_aead(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Aead *a = (Aead *)data;
  EVP_CIPHER_CTX_free(a->ctx);
  free(a);
}

static int bytes_of(napi_env env, napi_value v, uint8_t **data, size_t *len) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  napi_typedarray_type type;
  size_t length, offset;
  void *ptr;
  napi_value ab;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, &ab, &offset) != napi_ok || type != napi_uint8_array) return 0;
  *data = (uint8_t *)ptr;
  *len = length;
  return 1;
}

static Aead *aead_of(napi_env env, napi_value v) {
  bool ok = false;
  void *data = NULL;
  if (napi_check_object_type_tag(env, v, &AEAD_TAG, &ok) != napi_ok || !ok) return NULL;
  if (napi_get_value_external(env, v, &data) != napi_ok) return NULL;
  return (Aead *)data;
}

static int offset_of(napi_env env, napi_value v, size_t limit, size_t *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) return 0;
  if (!(d >= 0) || d > (double)limit || d != (double)(size_t)d) return 0;
  *out = (size_t)d;
  return 1;
}

/* Sets the chunk's nonce (the key schedule stays) and its AAD. */
static int begin_chunk(Aead *a, double index, bool last) {
  uint8_t nonce[NONCE_BYTES] = {0};
  uint64_t i = (uint64_t)index;
  for (int k = 0; k < 8; k++) nonce[NONCE_BYTES - 1 - k] = (uint8_t)(i >> (8 * k));
  if (EVP_CipherInit_ex(a->ctx, NULL, NULL, NULL, nonce, a->encrypt) != 1) return 0;
  uint8_t aad = last ? 1 : 0;
  int n = 0;
  return EVP_CipherUpdate(a->ctx, NULL, &n, &aad, 1) == 1;
}

static int index_of(napi_env env, napi_value v, double *index) {
  if (napi_get_value_double(env, v, index) != napi_ok) return 0;
  return *index >= 0 && *index <= 9007199254740991.0 && *index == (double)(uint64_t)*index;
}

static napi_value Context(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint8_t *key;
  size_t key_len;
  bool encrypt = false;
  if (argc < 2 || !bytes_of(env, argv[0], &key, &key_len) || key_len != KEY_BYTES || napi_get_value_bool(env, argv[1], &encrypt) != napi_ok) {
    napi_throw_type_error(env, NULL, "context(key: Uint8Array(32), encrypt: boolean)");
    return NULL;
  }
  Aead *a = (Aead *)malloc(sizeof(Aead));
  if (!a) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  a->encrypt = encrypt ? 1 : 0;
  a->ctx = EVP_CIPHER_CTX_new();
  if (!a->ctx || EVP_CipherInit_ex(a->ctx, EVP_aes_256_gcm(), NULL, key, NULL, a->encrypt) != 1) {
    if (a->ctx) EVP_CIPHER_CTX_free(a->ctx);
    free(a);
    napi_throw_error(env, NULL, "AES-256-GCM is not available");
    return NULL;
  }
  napi_value result;
  if (napi_create_external(env, a, finalize_aead, NULL, &result) != napi_ok || napi_type_tag_object(env, result, &AEAD_TAG) != napi_ok) {
    EVP_CIPHER_CTX_free(a->ctx);
    free(a);
    napi_throw_error(env, NULL, "context: could not create the handle");
    return NULL;
  }
  return result;
}

static napi_value Seal(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 6) {
    napi_throw_type_error(env, NULL, "seal needs 6 arguments");
    return NULL;
  }
  Aead *a = aead_of(env, argv[0]);
  double index;
  bool last;
  uint8_t *out;
  size_t out_len, out_off;
  if (!a || !a->encrypt || !index_of(env, argv[1], &index) || napi_get_value_bool(env, argv[2], &last) != napi_ok || !bytes_of(env, argv[4], &out, &out_len) ||
      !offset_of(env, argv[5], out_len, &out_off)) {
    napi_throw_type_error(env, NULL, "seal(sealing handle, index, last, pieces, out: Uint8Array, outOffset)");
    return NULL;
  }
  uint8_t *piece[MAX_PIECES];
  size_t piece_len[MAX_PIECES];
  uint32_t pieces = 0;
  size_t total = 0;
  bool is_array = false;
  napi_is_array(env, argv[3], &is_array);
  if (is_array) {
    napi_get_array_length(env, argv[3], &pieces);
    if (pieces > MAX_PIECES) {
      napi_throw_range_error(env, NULL, "seal: too many pieces");
      return NULL;
    }
    for (uint32_t k = 0; k < pieces; k++) {
      napi_value el;
      if (napi_get_element(env, argv[3], k, &el) != napi_ok || !bytes_of(env, el, &piece[k], &piece_len[k])) {
        napi_throw_type_error(env, NULL, "seal: pieces must be Uint8Arrays");
        return NULL;
      }
      total += piece_len[k];
    }
  } else {
    if (!bytes_of(env, argv[3], &piece[0], &piece_len[0])) {
      napi_throw_type_error(env, NULL, "seal: pieces must be a Uint8Array or an array of them");
      return NULL;
    }
    pieces = 1;
    total = piece_len[0];
  }
  if (total > (size_t)INT32_MAX || out_len - out_off < total + TAG_BYTES) {
    napi_throw_range_error(env, NULL, "seal: the output has no room for the sealed chunk");
    return NULL;
  }
  if (!begin_chunk(a, index, last)) {
    napi_throw_error(env, NULL, "seal: cipher setup failed");
    return NULL;
  }
  uint8_t *o = out + out_off;
  size_t written = 0;
  for (uint32_t k = 0; k < pieces; k++) {
    if (piece_len[k] == 0) continue;
    int n = 0;
    if (EVP_CipherUpdate(a->ctx, o + written, &n, piece[k], (int)piece_len[k]) != 1) {
      napi_throw_error(env, NULL, "seal: cipher update failed");
      return NULL;
    }
    written += (size_t)n;
  }
  int n = 0;
  if (EVP_CipherFinal_ex(a->ctx, o + written, &n) != 1) {
    napi_throw_error(env, NULL, "seal: cipher final failed");
    return NULL;
  }
  written += (size_t)n;
  if (written != total || EVP_CIPHER_CTX_ctrl(a->ctx, EVP_CTRL_GCM_GET_TAG, TAG_BYTES, o + written) != 1) {
    napi_throw_error(env, NULL, "seal: no tag");
    return NULL;
  }
  napi_value result;
  napi_create_double(env, (double)(written + TAG_BYTES), &result);
  return result;
}

static napi_value Open(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 8) {
    napi_throw_type_error(env, NULL, "open needs 8 arguments");
    return NULL;
  }
  Aead *a = aead_of(env, argv[0]);
  double index;
  bool last;
  uint8_t *src, *out;
  size_t src_len, src_off, plain_len, out_len, out_off;
  if (!a || a->encrypt || !index_of(env, argv[1], &index) || napi_get_value_bool(env, argv[2], &last) != napi_ok || !bytes_of(env, argv[3], &src, &src_len) ||
      !offset_of(env, argv[4], src_len, &src_off) || !offset_of(env, argv[5], (size_t)INT32_MAX, &plain_len) || !bytes_of(env, argv[6], &out, &out_len) ||
      !offset_of(env, argv[7], out_len, &out_off)) {
    napi_throw_type_error(env, NULL, "open(opening handle, index, last, src: Uint8Array, srcOffset, plainLength, out: Uint8Array, outOffset)");
    return NULL;
  }
  if (src_len - src_off < plain_len + TAG_BYTES || out_len - out_off < plain_len) {
    napi_throw_range_error(env, NULL, "open: the chunk or the output is out of range");
    return NULL;
  }
  const uint8_t *in = src + src_off;
  uint8_t *o = out + out_off;
  /* In place, or apart: OpenSSL takes either, not a partial overlap. */
  if (o != in && o < in + plain_len + TAG_BYTES && in < o + plain_len) {
    napi_throw_range_error(env, NULL, "open: the output overlaps the chunk");
    return NULL;
  }
  uint8_t tag[TAG_BYTES];
  memcpy(tag, in + plain_len, TAG_BYTES);
  bool ok = begin_chunk(a, index, last) && EVP_CIPHER_CTX_ctrl(a->ctx, EVP_CTRL_GCM_SET_TAG, TAG_BYTES, tag) == 1;
  int n = 0;
  if (ok && plain_len > 0) ok = EVP_CipherUpdate(a->ctx, o, &n, in, (int)plain_len) == 1 && (size_t)n == plain_len;
  int f = 0;
  if (ok) ok = EVP_CipherFinal_ex(a->ctx, o + plain_len, &f) == 1;
  if (!ok && plain_len > 0) memset(o, 0, plain_len); /* never leave unauthenticated plaintext behind */
  napi_value result;
  napi_get_boolean(env, ok, &result);
  return result;
}

/* ---- CRC32C and CRC64NVME, slice-by-8 --------------------------------------------------------------------------- */

#define CRC32C 1u
#define CRC64NVME 2u
#define CRC_KINDS (CRC32C | CRC64NVME)

static uint64_t crc32c_table[8][256];
static uint64_t crc64_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_tables_for(uint64_t table[8][256], uint64_t reflected_poly) {
  for (unsigned n = 0; n < 256; n++) {
    uint64_t c = n;
    for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ reflected_poly : c >> 1;
    table[0][n] = c;
  }
  for (unsigned n = 0; n < 256; n++) {
    for (int t = 1; t < 8; t++) table[t][n] = (table[t - 1][n] >> 8) ^ table[0][table[t - 1][n] & 0xff];
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <nmmintrin.h>
#define HAVE_CRC32C_INSTRUCTION 1
/* SSE4.2's crc32 instruction is CRC32C itself (same reflected register as the tables): ~5x the tables' speed. */
static bool crc32c_instruction;

__attribute__((target("sse4.2"))) static uint64_t crc32c_hw(uint64_t crc, const uint8_t *p, size_t len) {
  uint64_t c = crc & 0xffffffffu;
  while (len >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    c = _mm_crc32_u64(c, word);
    p += 8;
    len -= 8;
  }
  while (len > 0) {
    c = _mm_crc32_u8((uint32_t)c, *p);
    p++;
    len--;
  }
  return c;
}
#endif

static void crc_tables(void) {
  crc_tables_for(crc32c_table, 0x82F63B78u);
  crc_tables_for(crc64_table, 0x9A6C9329AC4BC9B5ull);
#ifdef HAVE_CRC32C_INSTRUCTION
  /* SIFT_CRC32C_TABLES set: the tables instead (so that tests cover both). */
  crc32c_instruction = __builtin_cpu_supports("sse4.2") && getenv("SIFT_CRC32C_TABLES") == NULL;
#endif
}

/*
 * Continues a reflected CRC over `len` bytes. `crc` is the running register (already inverted at the start: the
 * caller keeps the register, ~0 initially, and inverts at the end). Eight bytes at a time through the 8 tables
 * (read with memcpy, so alignment does not matter), the rest byte by byte.
 */
static uint64_t crc_run(const uint64_t table[8][256], uint64_t crc, const uint8_t *p, size_t len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  while (len >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    crc ^= word;
    crc = table[7][crc & 0xff] ^ table[6][(crc >> 8) & 0xff] ^ table[5][(crc >> 16) & 0xff] ^ table[4][(crc >> 24) & 0xff] ^
          table[3][(crc >> 32) & 0xff] ^ table[2][(crc >> 40) & 0xff] ^ table[1][(crc >> 48) & 0xff] ^ table[0][crc >> 56];
    p += 8;
    len -= 8;
  }
#endif
  while (len > 0) {
    crc = table[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
    p++;
    len--;
  }
  return crc;
}

/* The register kept for `kind` after `len` more bytes (32-bit CRCs live in the low half). */
static uint64_t crc_update(unsigned kind, uint64_t reg, const uint8_t *p, size_t len) {
  pthread_once(&crc_once, crc_tables);
#ifdef HAVE_CRC32C_INSTRUCTION
  if (kind == CRC32C && crc32c_instruction) return crc32c_hw(reg, p, len);
#endif
  return kind == CRC32C ? crc_run((const uint64_t(*)[256])crc32c_table, reg, p, len) & 0xffffffffu : crc_run((const uint64_t(*)[256])crc64_table, reg, p, len);
}

/* The initial register of a CRC (all ones), and its big-endian value from a register (inverted). */
static uint64_t crc_initial(unsigned kind) { return kind == CRC32C ? 0xffffffffu : ~(uint64_t)0; }

static napi_value crc_value(napi_env env, unsigned kind, uint64_t reg) {
  size_t n = kind == CRC32C ? 4 : 8;
  uint64_t v = kind == CRC32C ? (~reg & 0xffffffffu) : ~reg;
  void *data = NULL;
  napi_value result;
  if (napi_create_buffer(env, n, &data, &result) != napi_ok) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  uint8_t *out = (uint8_t *)data;
  for (size_t k = 0; k < n; k++) out[k] = (uint8_t)(v >> (8 * (n - 1 - k)));
  return result;
}

static int crc_kind_of(napi_env env, napi_value v, unsigned *kind) {
  uint32_t k = 0;
  if (napi_get_value_uint32(env, v, &k) != napi_ok || (k != CRC32C && k != CRC64NVME)) return 0;
  *kind = k;
  return 1;
}

/* The register in `state` (8 bytes, little-endian; all zero means not started). */
static uint64_t state_register(unsigned kind, const uint8_t *state, bool *started) {
  uint64_t reg = 0;
  for (int k = 7; k >= 0; k--) reg = (reg << 8) | state[k];
  *started = state[8] != 0;
  return *started ? reg : crc_initial(kind);
}

static void store_register(uint8_t *state, uint64_t reg) {
  for (int k = 0; k < 8; k++) state[k] = (uint8_t)(reg >> (8 * k));
  state[8] = 1;
}

#define CRC_STATE_BYTES 9

static napi_value CrcUpdate(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  unsigned kind = 0;
  uint8_t *state = NULL, *data = NULL;
  size_t state_len = 0, len = 0;
  if (argc < 3 || !crc_kind_of(env, argv[0], &kind) || !bytes_of(env, argv[1], &state, &state_len) || state_len != CRC_STATE_BYTES ||
      !bytes_of(env, argv[2], &data, &len)) {
    napi_throw_type_error(env, NULL, "crcUpdate(kind: 1 | 2, state: Uint8Array(9), data: Uint8Array)");
    return NULL;
  }
  bool started;
  uint64_t reg = state_register(kind, state, &started);
  store_register(state, crc_update(kind, reg, data, len));
  return NULL;
}

static napi_value CrcValue(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  unsigned kind = 0;
  uint8_t *state = NULL;
  size_t state_len = 0;
  if (argc < 2 || !crc_kind_of(env, argv[0], &kind) || !bytes_of(env, argv[1], &state, &state_len) || state_len != CRC_STATE_BYTES) {
    napi_throw_type_error(env, NULL, "crcValue(kind: 1 | 2, state: Uint8Array(9))");
    return NULL;
  }
  bool started;
  return crc_value(env, kind, state_register(kind, state, &started));
}

/* ---- MD5 on the thread pool ------------------------------------------------------------------------------------ */

typedef struct {
  EVP_MD_CTX *ctx;
  bool busy;  /* an update is in flight (the pool thread owns ctx and the CRC registers) */
  bool spent; /* digested */
  bool failed;
  unsigned kinds; /* CRCs computed beside the MD5 */
  uint64_t crc32c;
  uint64_t crc64;
} Md5;

static const napi_type_tag MD5_TAG = {0x2b7e3f91c04d5a66ULL, 0x81d2c6e4f9a07b15ULL};

static void finalize_md5(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Md5 *m = (Md5 *)data;
  /* An update in flight holds a reference to the handle, so this never runs while the pool uses ctx. */
  EVP_MD_CTX_free(m->ctx);
  free(m);
}

static Md5 *md5_of(napi_env env, napi_value v) {
  bool ok = false;
  void *data = NULL;
  if (napi_check_object_type_tag(env, v, &MD5_TAG, &ok) != napi_ok || !ok) return NULL;
  if (napi_get_value_external(env, v, &data) != napi_ok) return NULL;
  return (Md5 *)data;
}

static napi_value Md5New(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t kinds = 0;
  napi_valuetype t = napi_undefined;
  if (argc >= 1) napi_typeof(env, argv[0], &t);
  if (t != napi_undefined && (napi_get_value_uint32(env, argv[0], &kinds) != napi_ok || (kinds & ~CRC_KINDS) != 0)) {
    napi_throw_type_error(env, NULL, "md5(kinds?: number): CRC32C = 1 | CRC64NVME = 2");
    return NULL;
  }
  Md5 *m = (Md5 *)calloc(1, sizeof(Md5));
  if (!m) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  m->kinds = kinds;
  m->crc32c = crc_initial(CRC32C);
  m->crc64 = crc_initial(CRC64NVME);
  m->ctx = EVP_MD_CTX_new();
  if (!m->ctx || EVP_DigestInit_ex(m->ctx, EVP_md5(), NULL) != 1) {
    if (m->ctx) EVP_MD_CTX_free(m->ctx);
    free(m);
    napi_throw_error(env, NULL, "MD5 is not available");
    return NULL;
  }
  napi_value result;
  if (napi_create_external(env, m, finalize_md5, NULL, &result) != napi_ok || napi_type_tag_object(env, result, &MD5_TAG) != napi_ok) {
    EVP_MD_CTX_free(m->ctx);
    free(m);
    napi_throw_error(env, NULL, "md5: could not create the handle");
    return NULL;
  }
  return result;
}

#define CRC_BLOCK_BYTES ((size_t)16384)

typedef struct {
  Md5 *m;
  napi_ref handle; /* keeps the Md5 alive */
  napi_ref pieces; /* keeps the bytes alive */
  napi_ref done;
  napi_async_work work;
  uint32_t count;
  uint8_t **data;
  size_t *len;
  bool ok;
} Md5Work;

static void md5_execute(napi_env env, void *arg) {
  (void)env;
  Md5Work *w = (Md5Work *)arg;
  Md5 *m = w->m;
  w->ok = true;
  for (uint32_t k = 0; k < w->count && w->ok; k++) {
    if (m->kinds == 0) {
      if (w->len[k] > 0 && EVP_DigestUpdate(m->ctx, w->data[k], w->len[k]) != 1) w->ok = false;
      continue;
    }
    /* A block at a time through every sum, so that each is read from the cache the MD5 just filled. */
    for (size_t at = 0; at < w->len[k] && w->ok; at += CRC_BLOCK_BYTES) {
      const uint8_t *p = w->data[k] + at;
      size_t n = w->len[k] - at < CRC_BLOCK_BYTES ? w->len[k] - at : CRC_BLOCK_BYTES;
      if (EVP_DigestUpdate(m->ctx, p, n) != 1) w->ok = false;
      if (m->kinds & CRC32C) m->crc32c = crc_update(CRC32C, m->crc32c, p, n);
      if (m->kinds & CRC64NVME) m->crc64 = crc_update(CRC64NVME, m->crc64, p, n);
    }
  }
}

static void md5_complete(napi_env env, napi_status status, void *arg) {
  Md5Work *w = (Md5Work *)arg;
  w->m->busy = false;
  bool ok = status == napi_ok && w->ok;
  if (!ok) w->m->failed = true;
  napi_value done, global, err = NULL;
  napi_get_reference_value(env, w->done, &done);
  napi_get_global(env, &global);
  if (!ok) {
    napi_value msg;
    napi_create_string_utf8(env, status == napi_cancelled ? "md5: update cancelled" : "md5: update failed", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
  } else {
    napi_get_undefined(env, &err);
  }
  napi_delete_reference(env, w->pieces);
  napi_delete_reference(env, w->handle);
  napi_delete_reference(env, w->done);
  napi_delete_async_work(env, w->work);
  free(w->data);
  free(w->len);
  free(w);
  if (done) napi_call_function(env, global, done, 1, &err, NULL);
}

static napi_value Md5Update(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Md5 *m = argc >= 3 ? md5_of(env, argv[0]) : NULL;
  bool is_array = false;
  napi_valuetype done_type = napi_undefined;
  if (m) napi_is_array(env, argv[1], &is_array);
  if (m) napi_typeof(env, argv[2], &done_type);
  if (!m || !is_array || done_type != napi_function) {
    napi_throw_type_error(env, NULL, "md5Update(handle, pieces: Uint8Array[], done: function)");
    return NULL;
  }
  if (m->busy || m->spent || m->failed) {
    napi_throw_error(env, NULL, m->busy ? "md5Update: an update is already in flight" : "md5Update: the hash is spent or failed");
    return NULL;
  }
  uint32_t count = 0;
  napi_get_array_length(env, argv[1], &count);
  Md5Work *w = (Md5Work *)calloc(1, sizeof(Md5Work));
  if (!w || !(w->data = (uint8_t **)calloc(count ? count : 1, sizeof(uint8_t *))) || !(w->len = (size_t *)calloc(count ? count : 1, sizeof(size_t)))) {
    if (w) {
      free(w->data);
      free(w);
    }
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  w->m = m;
  w->count = count;
  for (uint32_t k = 0; k < count; k++) {
    napi_value el;
    if (napi_get_element(env, argv[1], k, &el) != napi_ok || !bytes_of(env, el, &w->data[k], &w->len[k])) {
      free(w->data);
      free(w->len);
      free(w);
      napi_throw_type_error(env, NULL, "md5Update: pieces must be Uint8Arrays");
      return NULL;
    }
  }
  napi_value name;
  napi_create_string_utf8(env, "sift.md5", NAPI_AUTO_LENGTH, &name);
  if (napi_create_reference(env, argv[0], 1, &w->handle) != napi_ok || napi_create_reference(env, argv[1], 1, &w->pieces) != napi_ok ||
      napi_create_reference(env, argv[2], 1, &w->done) != napi_ok || napi_create_async_work(env, NULL, name, md5_execute, md5_complete, w, &w->work) != napi_ok ||
      napi_queue_async_work(env, w->work) != napi_ok) {
    napi_throw_error(env, NULL, "md5Update: could not queue the work");
    return NULL; /* (leaks the references of a failed queueing; it does not happen short of exhaustion) */
  }
  m->busy = true;
  return NULL;
}

static napi_value Md5Digest(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Md5 *m = argc >= 1 ? md5_of(env, argv[0]) : NULL;
  if (!m) {
    napi_throw_type_error(env, NULL, "md5Digest(handle)");
    return NULL;
  }
  if (m->busy || m->spent || m->failed) {
    napi_throw_error(env, NULL, m->busy ? "md5Digest: an update is in flight" : "md5Digest: the hash is spent or failed");
    return NULL;
  }
  unsigned char digest[16];
  unsigned int n = 0;
  m->spent = true;
  if (EVP_DigestFinal_ex(m->ctx, digest, &n) != 1 || n != 16) {
    napi_throw_error(env, NULL, "md5Digest: final failed");
    return NULL;
  }
  char hex[33];
  for (int k = 0; k < 16; k++) snprintf(hex + 2 * k, 3, "%02x", digest[k]);
  napi_value result;
  napi_create_string_latin1(env, hex, 32, &result);
  return result;
}

static napi_value Md5Crc(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Md5 *m = argc >= 2 ? md5_of(env, argv[0]) : NULL;
  unsigned kind = 0;
  if (!m || !crc_kind_of(env, argv[1], &kind) || !(m->kinds & kind)) {
    napi_throw_type_error(env, NULL, "md5Crc(handle, kind): a CRC the handle was made to compute");
    return NULL;
  }
  if (m->busy || m->failed) {
    napi_throw_error(env, NULL, m->busy ? "md5Crc: an update is in flight" : "md5Crc: the hash failed");
    return NULL;
  }
  return crc_value(env, kind, kind == CRC32C ? m->crc32c : m->crc64);
}

NAPI_MODULE_INIT() {
  /* The CRC tables (and the CPU check) at load, on the loading thread, before any pool work can use them. */
  pthread_once(&crc_once, crc_tables);
  napi_property_descriptor props[] = {
      {"context", NULL, Context, NULL, NULL, NULL, napi_default, NULL},
      {"seal", NULL, Seal, NULL, NULL, NULL, napi_default, NULL},
      {"open", NULL, Open, NULL, NULL, NULL, napi_default, NULL},
      {"md5", NULL, Md5New, NULL, NULL, NULL, napi_default, NULL},
      {"md5Update", NULL, Md5Update, NULL, NULL, NULL, napi_default, NULL},
      {"md5Digest", NULL, Md5Digest, NULL, NULL, NULL, napi_default, NULL},
      {"md5Crc", NULL, Md5Crc, NULL, NULL, NULL, napi_default, NULL},
      {"crcUpdate", NULL, CrcUpdate, NULL, NULL, NULL, napi_default, NULL},
      {"crcValue", NULL, CrcValue, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
