/*
 * The JSON tokenizer's structural pass in C (issue 12): reads a part of a decoded chunk (UTF-16 code units, written
 * once per chunk into a Uint16Array by src/extract/json-tokenizer.ts) and writes the tokens it completes as events
 * into a caller-supplied Int32Array, so JavaScript only walks an int array and slices the strings it hands on.
 *
 * It is the fast path only: the same grammar as JsonTokenizer's loop, for the tokens that need no more than their
 * span. At anything else (a string with an escape or a raw newline, one as long as a piece, one or a number cut by
 * the part's end, a syntax error, nesting at the stack's capacity or the depth limit) it stops *before* that token,
 * with the state as it was there, and the JavaScript tokenizer reads that token (and throws, or gathers pieces)
 * exactly as it always has. No allocation, no state of its own: everything lives in the caller's arrays.
 *
 * scan(units: Uint16Array | Uint8Array, state: Int32Array(STATE_SLOTS), stack: Uint8Array, events: Int32Array
 *      [, names: Int32Array(NAMES_INTS) | undefined [, values: Int32Array(NAMES_INTS) | undefined]]) → next index
 *
 * With `names` (the tokenizer's, kept for as long as it lives), an ASCII member name of at most 16 characters is
 * interned: its characters packed into two 64-bit words (exact: no two such names pack alike with their length), looked
 * up in a hash table there, added if new and there is room, and its event is E_NAMED_KEY + its id, so the reader knows
 * a name it has seen by a number instead of comparing the text (the same id is the same text, for bytes and UTF-16
 * alike). Any other name, or one that finds the table full, is a plain E_KEY. With `values` too (a table of the same
 * layout), string values and numbers of that kind are interned there the same way and come as E_NAMED_STRING + id and
 * E_NAMED_NUMBER + id (one table for both: the reader asks about a value's text, whichever token it was).
 *
 * A Uint8Array is the chunk's own bytes, valid UTF-8 (byte mode, json-chunks.ts): the reader then skips the chunk's
 * decode and the UTF-16 copy. Offsets are byte offsets; U+FEFF (EF BB BF) is whitespace as in UTF-16; a string or key
 * with a byte >= 0x80 is reported as E_STRING_WIDE / E_KEY_WIDE (JavaScript decodes those from the bytes, slices the
 * rest from the chunk's Latin-1 reading). Its length check is in bytes, never fewer than its UTF-16 units, so a string
 * it takes is also shorter than a piece in characters; one it leaves goes to the JavaScript tokenizer as before.
 *
 * utf16End(bytes: Uint8Array, from, to, units) → the byte index after the character at which `units` UTF-16 units
 * from `from` are reached (a surrogate pair is not split), or `to`: where the reader cuts a byte-mode chunk into the
 * same pieces it cuts the decoded text into.
 */
#include <node_api.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

/* state[]: the tokenizer's fields in and out (same numbering as STATE_* in json-tokenizer.ts). */
enum { S_EXPECT, S_DEPTH, S_LINE, S_VALUE_LINE, S_MAX_DEPTH, S_MAX_PIECE, S_FROM, S_TO, S_EVENTS, STATE_SLOTS };
/* What the parser expects next (the Expect enum of json-tokenizer.ts). */
enum { X_VALUE, X_VALUE_OR_END, X_KEY_OR_END, X_KEY, X_COLON, X_COMMA_OR_END };
/* Stack entries. */
enum { K_OBJECT, K_ARRAY };
/* Event kinds: each event is [kind, from, to, line] (VALUE_END: from = the line the top-level value began on). */
enum { E_START_OBJECT, E_START_ARRAY, E_END_OBJECT, E_END_ARRAY, E_KEY, E_STRING, E_NUMBER, E_TRUE, E_FALSE, E_NULL, E_VALUE_END,
       E_KEY_WIDE, E_STRING_WIDE };
#define EVENT_INTS 4
/* A member name interned with id n comes as the event kind E_NAMED_KEY + n (json-tokenizer.ts: Token.NamedKey). */
#define E_NAMED_KEY 32
/* A string value or number interned (in `values`) with id n: E_NAMED_STRING + n, E_NAMED_NUMBER + n (json-tokenizer.ts). */
#define E_NAMED_STRING 1024
#define E_NAMED_NUMBER 2048
/*
 * names[]: [count, NAME_SLOTS hash slots (id + 1, or 0: empty), then per id: the packed words as four int32s (low half
 * first) and the length]. At most MAX_NAMES ids (the table at most half full), each at most MAX_NAME_CHARS long.
 */
#define NAME_SLOTS 1024
#define MAX_NAMES 512
#define MAX_NAME_CHARS 16
#define ENTRY_INTS 5
#define N_COUNT 0
#define N_SLOTS 1
#define N_ENTRIES (N_SLOTS + NAME_SLOTS)
#define NAMES_INTS (N_ENTRIES + ENTRY_INTS * MAX_NAMES)
/* The largest line number (and part end) taken in: with both below 2^30 the line count stays an int32. */
#define LINE_MAX_IN 0x3fffffff
/* A token writes at most two events (a value and the end of a top-level value). */
#define TOKEN_INTS (2 * EVENT_INTS)
/*
 * Every function reading the units is inlined into one entry per unit width (`bytes` a constant there), so each width
 * gets its own loop with no per-character test of the width.
 */
#define INLINE static inline __attribute__((always_inline))
#define AT(p, i) ((bytes) ? ((const uint8_t *)(p)->s)[i] : ((const uint16_t *)(p)->s)[i])

typedef struct {
  const void *s;
  int32_t to;
  int32_t expect, depth, line, value_line, max_depth, max_piece;
  uint8_t *stack;
  int32_t *ev;
  size_t nev; /* ints written */
  size_t n;       /* units in the array (a name's words may be loaded past `to`, never past this) */
  int32_t *names; /* NULL: names not interned */
  int32_t *values; /* NULL: values not interned */
} Pass;

INLINE void emit(Pass *p, int32_t kind, int32_t from, int32_t to, int32_t line) {
  int32_t *e = p->ev + p->nev;
  e[0] = kind;
  e[1] = from;
  e[2] = to;
  e[3] = line;
  p->nev += EVENT_INTS;
}

/* After a whole value: the end of a top-level value, or a comma or closer next. */
INLINE void after_value(Pass *p) {
  if (p->depth == 0) {
    emit(p, E_VALUE_END, p->value_line, 0, 0);
    p->expect = X_VALUE;
  } else p->expect = X_COMMA_OR_END;
}

/*
 * A string whose opening quote is at i: the index of its closing quote when it ends before `to` with no backslash or
 * raw newline and is shorter than a piece (JsonTokenizer.quickString's case), else -1. In bytes, *wide is set when it
 * has a byte >= 0x80.
 */
INLINE int32_t string_end(const Pass *p, int32_t i, int bytes, int *wide, unsigned *highs) {
  int32_t from = i + 1;
  int32_t limit = p->to;
  if (limit - from > p->max_piece) limit = from + p->max_piece; /* close - from must stay below max_piece */
  unsigned high = 0;
  for (int32_t j = from; j < limit; j++) {
    uint16_t c = AT(p, j);
    if (c == '"') {
      *wide = bytes && high >= 0x80;
      *highs = high;
      return j;
    }
    if (c == '\\' || c == '\n') return -1;
    high |= c;
  }
  return -1;
}

INLINE int is_digit(uint16_t c) { return c >= '0' && c <= '9'; }

/* End of a number or literal token from i (letters, digits, '+', '-', '.'), as scanScalar. */
INLINE int32_t scalar_end(const Pass *p, int32_t i, int bytes) {
  int32_t j = i;
  while (j < p->to) {
    uint16_t c = AT(p, j);
    if (is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' || c == '.') j++;
    else break;
  }
  return j;
}

/* Whether s[from, to) is a JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? and nothing else (isJsonNumber). */
INLINE int is_number(const Pass *p, int32_t from, int32_t to, int bytes) {
#define s(k) AT(p, k)
  int32_t k = from;
  if (k < to && s(k) == '-') k++;
  if (k >= to) return 0;
  if (s(k) == '0') k++;
  else if (s(k) >= '1' && s(k) <= '9') {
    k++;
    while (k < to && is_digit(s(k))) k++;
  } else return 0;
  if (k < to && s(k) == '.') {
    k++;
    if (k >= to || !is_digit(s(k))) return 0;
    while (k < to && is_digit(s(k))) k++;
  }
  if (k < to && (s(k) | 0x20) == 'e') {
    k++;
    if (k < to && (s(k) == '+' || s(k) == '-')) k++;
    if (k >= to || !is_digit(s(k))) return 0;
    while (k < to && is_digit(s(k))) k++;
  }
  return k == to;
#undef s
}

INLINE int spells(const Pass *p, int32_t from, int32_t to, const char *word, int32_t len, int bytes) {
  if (to - from != len) return 0;
  for (int32_t k = 0; k < len; k++) if (AT(p, from + k) != (uint16_t)word[k]) return 0;
  return 1;
}

/* The literal event kind s[from, to) spells, or -1. */
INLINE int32_t literal_kind(const Pass *p, int32_t from, int32_t to, int bytes) {
  if (spells(p, from, to, "true", 4, bytes)) return E_TRUE;
  if (spells(p, from, to, "false", 5, bytes)) return E_FALSE;
  if (spells(p, from, to, "null", 4, bytes)) return E_NULL;
  return -1;
}

INLINE int32_t name_id(const Pass *p, int32_t *names, int32_t from, int32_t to, unsigned high, int bytes);

/* A value starting at i with char c: the index after it, or -1 to stop before it (nothing changed but value_line). */
INLINE int32_t value(Pass *p, int32_t i, uint16_t c, int bytes) {
  if (p->depth == 0) p->value_line = p->line; /* the JavaScript tokenizer sets the same if it reads this token */
  if (c == '{' || c == '[') {
    if (p->depth >= p->max_depth) return -1; /* JavaScript grows the stack or throws JsonDepthError */
    int object = c == '{';
    p->stack[p->depth++] = object ? K_OBJECT : K_ARRAY;
    emit(p, object ? E_START_OBJECT : E_START_ARRAY, 0, 0, p->line);
    p->expect = object ? X_KEY_OR_END : X_VALUE_OR_END;
    return i + 1;
  }
  if (c == '"') {
    int wide = 0;
    unsigned high = 0;
    int32_t close = string_end(p, i, bytes, &wide, &high);
    if (close < 0) return -1;
    int32_t id = wide ? -1 : name_id(p, p->values, i + 1, close, high, bytes);
    emit(p, wide ? E_STRING_WIDE : id >= 0 ? E_NAMED_STRING + id : E_STRING, i + 1, close, p->line);
    after_value(p);
    return close + 1;
  }
  if (c == '-' || is_digit(c) || c == 't' || c == 'f' || c == 'n') {
    int32_t end = scalar_end(p, i, bytes);
    if (end >= p->to) return -1; /* may go on in the next part */
    int32_t kind = literal_kind(p, i, end, bytes);
    if (kind < 0) {
      if (!is_number(p, i, end, bytes)) return -1; /* JavaScript throws "invalid token" */
      int32_t id = name_id(p, p->values, i, end, 0, bytes); /* a number is ASCII */
      kind = id >= 0 ? E_NAMED_NUMBER + id : E_NUMBER;
    }
    emit(p, kind, i, end, p->line);
    after_value(p);
    return end;
  }
  return -1;
}

/* A closer at i (when it matches the top container), else -1. */
INLINE int32_t close_container(Pass *p, int32_t i, int object) {
  if (p->depth == 0 || p->stack[p->depth - 1] != (object ? K_OBJECT : K_ARRAY)) return -1;
  p->depth--;
  emit(p, object ? E_END_OBJECT : E_END_ARRAY, 0, 0, 0);
  after_value(p);
  return i + 1;
}

/* Little-endian 64-bit load of 8 bytes at b (memcpy: no alignment assumed). */
INLINE uint64_t load64(const uint8_t *b) {
  uint64_t x;
  memcpy(&x, b, 8);
  return x;
}

/*
 * The id of the ASCII name s[from, to) (high: its units or'ed together), added if new, or -1 (not ASCII, longer than
 * MAX_NAME_CHARS, table full). Its characters are packed a byte each, little-endian, into w0 (the first 8) and w1 (the
 * next 8), the rest zero: with the length, the same words are the same name. Every slot and entry read from names[]
 * lies in the checked array whatever it holds (JavaScript owns it): a corrupt table gives wrong ids, nothing worse.
 */
INLINE int32_t name_id(const Pass *p, int32_t *names, int32_t from, int32_t to, unsigned high, int bytes) {
  int32_t len = to - from;
  if (names == NULL || high >= 0x80 || len > MAX_NAME_CHARS) return -1;
  uint64_t w0 = 0, w1 = 0;
  if (bytes && (size_t)from + 16 <= p->n) {
    /* Two loads, the bytes past the name masked off (a shift by 64 is undefined: those cases are spelled out). */
    const uint8_t *b = (const uint8_t *)p->s + from;
    w0 = load64(b);
    w1 = load64(b + 8);
    if (len < 8) {
      w0 = len == 0 ? 0 : w0 & (~0ull >> (64 - 8 * len));
      w1 = 0;
    } else if (len < 16) w1 = len == 8 ? 0 : w1 & (~0ull >> (128 - 8 * len));
  } else {
    for (int32_t k = 0; k < len; k++) {
      uint64_t c = AT(p, from + k);
      if (k < 8) w0 |= c << (8 * k);
      else w1 |= c << (8 * (k - 8));
    }
  }
  /* Not the length: only trailing NULs tell such names apart, and the entry's length check does. */
  uint64_t x = (w0 * 0x9e3779b97f4a7c15ull) ^ w1;
  x = (x ^ (x >> 29)) * 0xbf58476d1ce4e5b9ull;
  for (uint32_t slot = (uint32_t)(x >> 54), tries = 0; tries < NAME_SLOTS; slot = (slot + 1) & (NAME_SLOTS - 1), tries++) {
    int32_t v = names[N_SLOTS + slot];
    if (v > 0 && v <= MAX_NAMES) {
      const int32_t *e = names + N_ENTRIES + ENTRY_INTS * (v - 1);
      if ((uint32_t)e[0] == (uint32_t)w0 && (uint32_t)e[1] == (uint32_t)(w0 >> 32) && (uint32_t)e[2] == (uint32_t)w1 &&
          (uint32_t)e[3] == (uint32_t)(w1 >> 32) && e[4] == len)
        return v - 1;
      continue;
    }
    /* Empty (or corrupt: given up): the name is added here if there is room. */
    int32_t count = names[N_COUNT];
    if (v != 0 || count < 0 || count >= MAX_NAMES) return -1;
    int32_t *e = names + N_ENTRIES + ENTRY_INTS * count;
    e[0] = (int32_t)(uint32_t)w0;
    e[1] = (int32_t)(uint32_t)(w0 >> 32);
    e[2] = (int32_t)(uint32_t)w1;
    e[3] = (int32_t)(uint32_t)(w1 >> 32);
    e[4] = len;
    names[N_SLOTS + slot] = count + 1;
    names[N_COUNT] = count + 1;
    return count;
  }
  return -1;
}

/* Reads from `i` until `to`, a token it leaves to JavaScript, or a full event array; returns where it stopped. */
INLINE int32_t run(Pass *p, int32_t i, size_t cap, int bytes) {
  while (i < p->to) {
    uint16_t c = AT(p, i);
    if (c == '\n') {
      p->line++;
      i++;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || (!bytes && c == 0xfeff)) {
      i++;
      continue;
    }
    /* U+FEFF in UTF-8; i + 2 < to: all three bytes in the part (else JavaScript reads it). */
    if (bytes && c == 0xef && i + 2 < p->to && AT(p, i + 1) == 0xbb && AT(p, i + 2) == 0xbf) {
      i += 3;
      continue;
    }
    if (p->nev + TOKEN_INTS > cap) return i;
    int32_t next = -1;
    switch (p->expect) {
      case X_COLON:
        if (c == ':') {
          p->expect = X_VALUE;
          next = i + 1;
        }
        break;
      case X_COMMA_OR_END:
        if (c == ',') {
          p->expect = p->stack[p->depth - 1] == K_OBJECT ? X_KEY : X_VALUE;
          next = i + 1;
        } else if (c == '}' || c == ']') next = close_container(p, i, c == '}');
        break;
      case X_KEY_OR_END:
      case X_KEY:
        if (c == '"') {
          int wide = 0;
          unsigned high = 0;
          int32_t close = string_end(p, i, bytes, &wide, &high);
          if (close >= 0) {
            int32_t id = wide ? -1 : name_id(p, p->names, i + 1, close, high, bytes);
            emit(p, wide ? E_KEY_WIDE : id >= 0 ? E_NAMED_KEY + id : E_KEY, i + 1, close, p->line);
            p->expect = X_COLON;
            next = close + 1;
          }
        } else if (c == '}' && p->expect == X_KEY_OR_END) next = close_container(p, i, 1);
        break;
      case X_VALUE_OR_END:
        next = c == ']' ? close_container(p, i, 0) : value(p, i, c, bytes);
        break;
      default:
        next = value(p, i, c, bytes);
        break;
    }
    if (next < 0) return i;
    i = next;
  }
  return i;
}

/* The two widths' loops (run, and all it calls, inlined into each). */
static int32_t run_units(Pass *p, int32_t i, size_t cap) { return run(p, i, cap, 0); }
static int32_t run_bytes(Pass *p, int32_t i, size_t cap) { return run(p, i, cap, 1); }

/* scan's arguments: typed arrays of these types, in this order. */
static const napi_typedarray_type ARG_TYPES[] = {napi_uint16_array, napi_int32_array, napi_uint8_array, napi_int32_array};
#define ARGS (sizeof ARG_TYPES / sizeof ARG_TYPES[0])

static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = ARGS + 2;
  napi_value argv[ARGS + 2];
  void *data[ARGS];
  size_t len[ARGS]; /* in elements */
  int bytes = 0;    /* the units are a Uint8Array: UTF-8 bytes */
  int ok = napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc >= ARGS;
  for (size_t k = 0; ok && k < ARGS; k++) {
    napi_typedarray_type type;
    napi_value buffer;
    size_t offset;
    ok = napi_get_typedarray_info(env, argv[k], &type, &len[k], &data[k], &buffer, &offset) == napi_ok &&
         (type == ARG_TYPES[k] || (k == 0 && type == napi_uint8_array));
    if (k == 0) bytes = type == napi_uint8_array;
  }
  if (!ok || len[1] < STATE_SLOTS) {
    napi_throw_type_error(env, NULL, "scan: (Uint16Array | Uint8Array, Int32Array(9), Uint8Array, Int32Array) expected");
    return NULL;
  }
  void *units = data[0], *state = data[1], *stack = data[2], *events = data[3];
  size_t nunits = len[0], nstack = len[2], nevents = len[3];
  int32_t *st = (int32_t *)state;
  int32_t from = st[S_FROM], to = st[S_TO], depth = st[S_DEPTH];
  /*
   * Invariants every index below relies on: the part lies in the units, the depth in the stack, a comma or closer is
   * expected only inside a container; and the line cannot overflow (at most LINE_MAX_IN + to newlines, both < 2^30).
   */
  if (from < 0 || to < from || (size_t)to > nunits || to > LINE_MAX_IN || depth < 0 || (size_t)depth > nstack ||
      st[S_MAX_DEPTH] < 0 || st[S_MAX_PIECE] < 1 || st[S_LINE] < 0 || st[S_LINE] > LINE_MAX_IN ||
      st[S_EXPECT] < X_VALUE || st[S_EXPECT] > X_COMMA_OR_END || (st[S_EXPECT] == X_COMMA_OR_END && depth == 0)) {
    napi_throw_range_error(env, NULL, "scan: state out of range");
    return NULL;
  }
  Pass p;
  p.n = nunits;
  p.names = NULL;
  p.values = NULL;
  /* The name table, then the value table (either may be undefined: not interned). */
  for (size_t k = ARGS; k < argc && k < ARGS + 2; k++) {
    napi_typedarray_type tn;
    napi_valuetype vt;
    size_t ln, offset;
    void *dn;
    napi_value buffer;
    if (napi_typeof(env, argv[k], &vt) == napi_ok && vt == napi_undefined) continue;
    if (napi_get_typedarray_info(env, argv[k], &tn, &ln, &dn, &buffer, &offset) != napi_ok || tn != napi_int32_array || ln < NAMES_INTS) {
      napi_throw_type_error(env, NULL, "scan: names and values (Int32Array(namesInts)) expected");
      return NULL;
    }
    if (k == ARGS) p.names = (int32_t *)dn;
    else p.values = (int32_t *)dn;
  }
  p.s = units;
  p.to = to;
  p.expect = st[S_EXPECT];
  p.depth = depth;
  p.line = st[S_LINE];
  p.value_line = st[S_VALUE_LINE];
  /* Never past the stack's capacity: at it, JavaScript takes the token (and grows the stack or throws). */
  p.max_depth = (size_t)st[S_MAX_DEPTH] < nstack ? st[S_MAX_DEPTH] : (int32_t)(nstack < INT32_MAX ? nstack : INT32_MAX);
  p.max_piece = st[S_MAX_PIECE];
  p.stack = (uint8_t *)stack;
  p.ev = (int32_t *)events;
  p.nev = 0;
  int32_t end = bytes ? run_bytes(&p, from, nevents) : run_units(&p, from, nevents);
  st[S_EXPECT] = p.expect;
  st[S_DEPTH] = p.depth;
  st[S_LINE] = p.line;
  st[S_VALUE_LINE] = p.value_line;
  st[S_EVENTS] = (int32_t)(p.nev / EVENT_INTS);
  napi_value out;
  napi_create_int32(env, end, &out);
  return out;
}

/* UTF-16 units of the characters led in b[from, to): a byte each, less continuation bytes, plus one per 4-byte lead. */
static int64_t units_led(const uint8_t *b, int32_t from, int32_t to) {
  int64_t n = to - from;
  for (int32_t k = from; k < to; k++) n += (b[k] >= 0xf0) - ((b[k] & 0xc0) == 0x80); /* branch-free: vectorized */
  return n;
}

/*
 * utf16End(bytes, from, to, units): the index after the character that brings the UTF-16 count from `from` to `units`
 * or more (a four-byte lead counts two), or `to`. Steps of `units - count` bytes: no character boundary inside a step
 * reaches the count (a complete character has no more units than bytes), so the first boundary at or after a step's
 * end (continuation bytes skipped, they add none) is the one sought once the count is reached. Valid UTF-8 there (the
 * reader's byte mode); on other bytes it still reads only below `to`.
 */
static napi_value utf16_end(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_typedarray_type type;
  size_t n = 0, offset;
  void *data = NULL;
  napi_value buffer;
  int32_t from, to, units;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4 ||
      napi_get_typedarray_info(env, argv[0], &type, &n, &data, &buffer, &offset) != napi_ok || type != napi_uint8_array ||
      napi_get_value_int32(env, argv[1], &from) != napi_ok || napi_get_value_int32(env, argv[2], &to) != napi_ok ||
      napi_get_value_int32(env, argv[3], &units) != napi_ok) {
    napi_throw_type_error(env, NULL, "utf16End: (Uint8Array, from, to, units) expected");
    return NULL;
  }
  if (from < 0 || to < from || (size_t)to > n || units < 0) {
    napi_throw_range_error(env, NULL, "utf16End: out of range");
    return NULL;
  }
  const uint8_t *b = (const uint8_t *)data;
  int32_t i = from;
  int64_t count = 0;
  while (i < to && count < units) {
    int64_t want = units - count; /* >= 1 */
    int32_t end = want < to - i ? i + (int32_t)want : to;
    count += units_led(b, i, end);
    i = end;
    while (i < to && (b[i] & 0xc0) == 0x80) i++;
  }
  napi_value out;
  napi_create_int32(env, i, &out);
  return out;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "scan", NAPI_AUTO_LENGTH, scan, NULL, &fn);
  napi_set_named_property(env, exports, "scan", fn);
  napi_create_function(env, "utf16End", NAPI_AUTO_LENGTH, utf16_end, NULL, &fn);
  napi_set_named_property(env, exports, "utf16End", fn);
  napi_value ints;
  napi_create_int32(env, NAMES_INTS, &ints);
  napi_set_named_property(env, exports, "namesInts", ints);
  return exports;
}
