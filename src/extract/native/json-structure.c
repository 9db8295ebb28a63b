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
 * scan(units: Uint16Array, state: Int32Array(STATE_SLOTS), stack: Uint8Array, events: Int32Array) → next index
 */
#include <node_api.h>
#include <stdint.h>
#include <stddef.h>

/* state[]: the tokenizer's fields in and out (same numbering as STATE_* in json-tokenizer.ts). */
enum { S_EXPECT, S_DEPTH, S_LINE, S_VALUE_LINE, S_MAX_DEPTH, S_MAX_PIECE, S_FROM, S_TO, S_EVENTS, STATE_SLOTS };
/* What the parser expects next (the Expect enum of json-tokenizer.ts). */
enum { X_VALUE, X_VALUE_OR_END, X_KEY_OR_END, X_KEY, X_COLON, X_COMMA_OR_END };
/* Stack entries. */
enum { K_OBJECT, K_ARRAY };
/* Event kinds: each event is [kind, from, to, line] (VALUE_END: from = the line the top-level value began on). */
enum { E_START_OBJECT, E_START_ARRAY, E_END_OBJECT, E_END_ARRAY, E_KEY, E_STRING, E_NUMBER, E_TRUE, E_FALSE, E_NULL, E_VALUE_END };
#define EVENT_INTS 4
/* The largest line number (and part end) taken in: with both below 2^30 the line count stays an int32. */
#define LINE_MAX_IN 0x3fffffff
/* A token writes at most two events (a value and the end of a top-level value). */
#define TOKEN_INTS (2 * EVENT_INTS)

typedef struct {
  const uint16_t *s;
  int32_t to;
  int32_t expect, depth, line, value_line, max_depth, max_piece;
  uint8_t *stack;
  int32_t *ev;
  size_t nev; /* ints written */
} Pass;

static void emit(Pass *p, int32_t kind, int32_t from, int32_t to, int32_t line) {
  int32_t *e = p->ev + p->nev;
  e[0] = kind;
  e[1] = from;
  e[2] = to;
  e[3] = line;
  p->nev += EVENT_INTS;
}

/* After a whole value: the end of a top-level value, or a comma or closer next. */
static void after_value(Pass *p) {
  if (p->depth == 0) {
    emit(p, E_VALUE_END, p->value_line, 0, 0);
    p->expect = X_VALUE;
  } else p->expect = X_COMMA_OR_END;
}

/*
 * A string whose opening quote is at i: the index of its closing quote when it ends before `to` with no backslash or
 * raw newline and is shorter than a piece (JsonTokenizer.quickString's case), else -1.
 */
static int32_t string_end(const Pass *p, int32_t i) {
  int32_t from = i + 1;
  int32_t limit = p->to;
  if (limit - from > p->max_piece) limit = from + p->max_piece; /* close - from must stay below max_piece */
  for (int32_t j = from; j < limit; j++) {
    uint16_t c = p->s[j];
    if (c == '"') return j;
    if (c == '\\' || c == '\n') return -1;
  }
  return -1;
}

static int is_digit(uint16_t c) { return c >= '0' && c <= '9'; }

/* End of a number or literal token from i (letters, digits, '+', '-', '.'), as scanScalar. */
static int32_t scalar_end(const Pass *p, int32_t i) {
  int32_t j = i;
  while (j < p->to) {
    uint16_t c = p->s[j];
    if (is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' || c == '.') j++;
    else break;
  }
  return j;
}

/* Whether s[from, to) is a JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? and nothing else (isJsonNumber). */
static int is_number(const uint16_t *s, int32_t from, int32_t to) {
  int32_t k = from;
  if (k < to && s[k] == '-') k++;
  if (k >= to) return 0;
  if (s[k] == '0') k++;
  else if (s[k] >= '1' && s[k] <= '9') {
    k++;
    while (k < to && is_digit(s[k])) k++;
  } else return 0;
  if (k < to && s[k] == '.') {
    k++;
    if (k >= to || !is_digit(s[k])) return 0;
    while (k < to && is_digit(s[k])) k++;
  }
  if (k < to && (s[k] | 0x20) == 'e') {
    k++;
    if (k < to && (s[k] == '+' || s[k] == '-')) k++;
    if (k >= to || !is_digit(s[k])) return 0;
    while (k < to && is_digit(s[k])) k++;
  }
  return k == to;
}

static int spells(const uint16_t *s, int32_t from, int32_t to, const char *word, int32_t len) {
  if (to - from != len) return 0;
  for (int32_t k = 0; k < len; k++) if (s[from + k] != (uint16_t)word[k]) return 0;
  return 1;
}

/* The literal event kind s[from, to) spells, or -1. */
static int32_t literal_kind(const uint16_t *s, int32_t from, int32_t to) {
  if (spells(s, from, to, "true", 4)) return E_TRUE;
  if (spells(s, from, to, "false", 5)) return E_FALSE;
  if (spells(s, from, to, "null", 4)) return E_NULL;
  return -1;
}

/* A value starting at i with char c: the index after it, or -1 to stop before it (nothing changed but value_line). */
static int32_t value(Pass *p, int32_t i, uint16_t c) {
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
    int32_t close = string_end(p, i);
    if (close < 0) return -1;
    emit(p, E_STRING, i + 1, close, p->line);
    after_value(p);
    return close + 1;
  }
  if (c == '-' || is_digit(c) || c == 't' || c == 'f' || c == 'n') {
    int32_t end = scalar_end(p, i);
    if (end >= p->to) return -1; /* may go on in the next part */
    int32_t kind = literal_kind(p->s, i, end);
    if (kind < 0) {
      if (!is_number(p->s, i, end)) return -1; /* JavaScript throws "invalid token" */
      kind = E_NUMBER;
    }
    emit(p, kind, i, end, p->line);
    after_value(p);
    return end;
  }
  return -1;
}

/* A closer at i (when it matches the top container), else -1. */
static int32_t close_container(Pass *p, int32_t i, int object) {
  if (p->depth == 0 || p->stack[p->depth - 1] != (object ? K_OBJECT : K_ARRAY)) return -1;
  p->depth--;
  emit(p, object ? E_END_OBJECT : E_END_ARRAY, 0, 0, 0);
  after_value(p);
  return i + 1;
}

/* Reads from `i` until `to`, a token it leaves to JavaScript, or a full event array; returns where it stopped. */
static int32_t run(Pass *p, int32_t i, size_t cap) {
  while (i < p->to) {
    uint16_t c = p->s[i];
    if (c == '\n') {
      p->line++;
      i++;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == 0xfeff) {
      i++;
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
          int32_t close = string_end(p, i);
          if (close >= 0) {
            emit(p, E_KEY, i + 1, close, p->line);
            p->expect = X_COLON;
            next = close + 1;
          }
        } else if (c == '}' && p->expect == X_KEY_OR_END) next = close_container(p, i, 1);
        break;
      case X_VALUE_OR_END:
        next = c == ']' ? close_container(p, i, 0) : value(p, i, c);
        break;
      default:
        next = value(p, i, c);
        break;
    }
    if (next < 0) return i;
    i = next;
  }
  return i;
}

/* scan's arguments: typed arrays of these types, in this order. */
static const napi_typedarray_type ARG_TYPES[] = {napi_uint16_array, napi_int32_array, napi_uint8_array, napi_int32_array};
#define ARGS (sizeof ARG_TYPES / sizeof ARG_TYPES[0])

static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = ARGS;
  napi_value argv[ARGS];
  void *data[ARGS];
  size_t len[ARGS]; /* in elements */
  int ok = napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc >= ARGS;
  for (size_t k = 0; ok && k < ARGS; k++) {
    napi_typedarray_type type;
    napi_value buffer;
    size_t offset;
    ok = napi_get_typedarray_info(env, argv[k], &type, &len[k], &data[k], &buffer, &offset) == napi_ok && type == ARG_TYPES[k];
  }
  if (!ok || len[1] < STATE_SLOTS) {
    napi_throw_type_error(env, NULL, "scan: (Uint16Array, Int32Array(9), Uint8Array, Int32Array) expected");
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
  p.s = (const uint16_t *)units;
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
  int32_t end = run(&p, from, nevents);
  st[S_EXPECT] = p.expect;
  st[S_DEPTH] = p.depth;
  st[S_LINE] = p.line;
  st[S_VALUE_LINE] = p.value_line;
  st[S_EVENTS] = (int32_t)(p.nev / EVENT_INTS);
  napi_value out;
  napi_create_int32(env, end, &out);
  return out;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "scan", NAPI_AUTO_LENGTH, scan, NULL, &fn);
  napi_set_named_property(env, exports, "scan", fn);
  return exports;
}
