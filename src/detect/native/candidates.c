/*
 * Sift's candidate pass in C (Node-API): one pass over a UTF-16 text that runs the keyword/anchor DFA built in
 * JavaScript (engine/aho-corasick.ts) and recognises the named shape gates (engine/prefilter.ts), writing each event
 * as three int32 [kind, position, extra] into a caller-supplied Int32Array:
 *   kind 0: the DFA entered accepting state `extra` on the character at `position - 1`, and one of its outputs passes
 *           the checks the tables give for it: the word edge it needs before it, the word edge after it, and for
 *           case-sensitive anchors (NAME's given names) the exact text (JavaScript checks the hits again; these checks
 *           only spare it the calls for "mark" in "marketing" or "Will" in "William");
 *   kind 1 + g: shape gate g (0 cardDigits, 1 ibanPrefix, 2 intlPhone) matches at `position`; for cardDigits and
 *           ibanPrefix `extra` is the length of the run that starts there (run_length, GateSpec.minRun).
 * The automaton's tables are copied once into native memory (compile time), so a scan is one call per text.
 * Returns the event count, or -(needed capacity) when the array was too small (the caller grows it and calls again).
 */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CLASS_SEP 1

typedef struct {
  uint8_t class_of[65536];
  uint16_t *delta;      /* (state << shift | class) -> next state * 2 + accepting */
  uint32_t *out_start;  /* per state: its outputs' lengths are out_len[out_start[s] .. out_start[s + 1]) */
  int32_t *out_len;     /* folded length of an output that needs a word edge before it, or -1 when it needs none */
  uint8_t *out_trail;   /* per output: 1 when it needs a word edge after it */
  int32_t *out_exact;   /* per output: offset of its exact UTF-16 text in `exact`, or -1 (case-insensitive) */
  uint16_t *exact;      /* exact texts, each as [length, chars...] */
  size_t exact_len;
  uint32_t states;
  uint32_t shift;
  uint32_t shapes;      /* bit g set: shape gate g is in use */
  uint16_t *buf;        /* scratch copy of the text */
  size_t buf_cap;
} Automaton;

static inline int is_digit(uint16_t c) { return c >= '0' && c <= '9'; }
static inline int is_upper(uint16_t c) { return c >= 'A' && c <= 'Z'; }
static inline int is_word(uint16_t c) { return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z') || c == '_'; }
static inline int is_alpha(uint16_t c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
static inline int is_alnum(uint16_t c) { return is_digit(c) || is_alpha(c); }

/* \b[0-9]{4}[ -]?[0-9]{4} at i (the caller checked the word edge before i). */
static int card_digits(const uint16_t *t, size_t n, size_t i) {
  if (i + 8 > n) return 0;
  for (int k = 0; k < 4; k++) if (!is_digit(t[i + k])) return 0;
  size_t j = i + 4;
  if (t[j] == ' ' || t[j] == '-') j++;
  if (j + 4 > n) return 0;
  for (int k = 0; k < 4; k++) if (!is_digit(t[j + k])) return 0;
  return 1;
}

/*
 * Length of the run that starts at i: digits (alnum = 0) or ASCII letters and digits (alnum = 1), each optionally
 * followed by one space or hyphen, counted up to RUN_CAP (prefilter.ts runLength: no rule needs more, and the cap
 * bounds the work on adversarial digit soup).
 */
#define RUN_CAP 64
static int32_t run_length(const uint16_t *t, size_t n, size_t i, int alnum) {
  int32_t k = 0;
  size_t j = i;
  while (j < n && k < RUN_CAP) {
    uint16_t c = t[j];
    if (alnum ? is_alnum(c) : is_digit(c)) { k++; j++; continue; }
    if (k > 0 && (c == ' ' || c == '-') && j + 1 < n && (alnum ? is_alnum(t[j + 1]) : is_digit(t[j + 1]))) { j++; continue; }
    break;
  }
  return k;
}

/* \b[A-Za-z]{2}[0-9]{2}[ -]?[0-9A-Za-z]{4}[ -]?[0-9A-Za-z]{4} at i. */
static int iban_prefix(const uint16_t *t, size_t n, size_t i) {
  if (i + 12 > n) return 0;
  if (!is_alpha(t[i]) || !is_alpha(t[i + 1]) || !is_digit(t[i + 2]) || !is_digit(t[i + 3])) return 0;
  size_t j = i + 4;
  for (int g = 0; g < 2; g++) {
    if (j < n && (t[j] == ' ' || t[j] == '-')) j++;
    if (j + 4 > n) return 0;
    for (int k = 0; k < 4; k++) if (!is_alnum(t[j + k])) return 0;
    j += 4;
  }
  return 1;
}

/* \+[1-9][0-9]?[0-9]?[ .(-]{0,2}[0-9] at i (t[i] == '+'). Backtracking over the optional parts, as the regex does. */
static int intl_phone(const uint16_t *t, size_t n, size_t i) {
  size_t j = i + 1;
  if (j >= n || t[j] < '1' || t[j] > '9') return 0;
  j++;
  size_t digits = 0;
  while (digits < 2 && j + digits < n && is_digit(t[j + digits])) digits++;
  for (size_t d = 0; d <= digits; d++) {
    size_t k = j + d;
    /* after d optional digits: up to two separators, then a digit */
    for (size_t s = 0; s <= 2; s++) {
      if (s > 0) {
        uint16_t c = k + s - 1 < n ? t[k + s - 1] : 0;
        if (!(c == ' ' || c == '.' || c == '(' || c == '-')) break;
      }
      if (k + s < n && is_digit(t[k + s])) return 1;
    }
  }
  return 0;
}

/* Keyword word edges (prefilter.ts isWordCode): ASCII letters and digits, Latin-1 and Latin Extended letters. */
static inline int is_kw_word(uint16_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7);
}

/* Whether some output of accepting state s, ending just before `end`, passes its checks (edges, exact text). */
static int edge_ok(const Automaton *a, const uint16_t *t, size_t n, size_t end, uint32_t s) {
  for (uint32_t k = a->out_start[s]; k < a->out_start[s + 1]; k++) {
    if (a->out_trail && a->out_trail[k] && end < n && is_kw_word(t[end])) continue;
    if (a->out_exact && a->out_exact[k] >= 0) {
      /* exact text ending at `end` (case-sensitive anchors have no trailing separators), word edge before it */
      const uint16_t *e = a->exact + a->out_exact[k];
      size_t len = e[0];
      if (len > end) continue;
      size_t from = end - len;
      if (memcmp(t + from, e + 1, len * sizeof(uint16_t)) != 0) continue;
      if (a->out_len[k] >= 0 && from > 0 && is_kw_word(t[from - 1])) continue;
      return 1;
    }
    int32_t len = a->out_len[k];
    if (len < 0) return 1;
    /* walk back over len non-separator characters */
    size_t p = end;
    int32_t seen = 0;
    while (p > 0 && seen < len) {
      p--;
      if (a->class_of[t[p]] != CLASS_SEP) seen++;
    }
    if (seen < len) continue;
    if (p == 0 || !is_kw_word(t[p - 1])) return 1;
  }
  return 0;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  Automaton *a = (Automaton *)data;
  free(a->delta);
  free(a->out_start);
  free(a->out_len);
  free(a->out_trail);
  free(a->out_exact);
  free(a->exact);
  free(a->buf);
  free(a);
}

static int typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len) {
  napi_typedarray_type type;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, v, &type, len, data, &ab, &off) != napi_ok) return 0;
  return type == want;
}

/*
 * compile(classOf: Uint8Array(65536), delta: Uint32Array, outStart: Uint32Array(states + 1), outLen: Int32Array,
 *         shift, shapes[, outTrail: Uint8Array, outExact: Int32Array, exact: Uint16Array]) → external
 * outTrail, outExact: one entry per output (as outLen); exact holds each exact text as [length, chars...].
 */
static napi_value compile(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 6) { napi_throw_type_error(env, NULL, "compile needs 6 arguments"); return NULL; }
  void *cls, *delta, *ostart, *olen;
  size_t cls_len, delta_len, ostart_len, olen_len;
  uint32_t shift, shapes;
  if (!typed(env, argv[0], napi_uint8_array, &cls, &cls_len) || cls_len != 65536 ||
      !typed(env, argv[1], napi_uint32_array, &delta, &delta_len) ||
      !typed(env, argv[2], napi_uint32_array, &ostart, &ostart_len) || ostart_len < 2 ||
      !typed(env, argv[3], napi_int32_array, &olen, &olen_len) ||
      napi_get_value_uint32(env, argv[4], &shift) != napi_ok || shift > 8 ||
      napi_get_value_uint32(env, argv[5], &shapes) != napi_ok ||
      delta_len != ((ostart_len - 1) << shift) || ostart_len - 1 >= 32768) {
    napi_throw_type_error(env, NULL, "compile: bad automaton tables");
    return NULL;
  }
  size_t states = ostart_len - 1;
  const uint32_t *os = (const uint32_t *)ostart;
  for (size_t k = 0; k < delta_len; k++) {
    if (((uint32_t *)delta)[k] >= states) { napi_throw_range_error(env, NULL, "compile: transition out of range"); return NULL; }
  }
  for (size_t k = 0; k < states; k++) {
    if (os[k] > os[k + 1] || os[k + 1] > olen_len) { napi_throw_range_error(env, NULL, "compile: outputs out of range"); return NULL; }
  }
  void *trail = NULL, *oexact = NULL, *exact = NULL;
  size_t trail_len = 0, oexact_len = 0, exact_len = 0;
  if (argc >= 9) {
    if (!typed(env, argv[6], napi_uint8_array, &trail, &trail_len) || trail_len != olen_len ||
        !typed(env, argv[7], napi_int32_array, &oexact, &oexact_len) || oexact_len != olen_len ||
        !typed(env, argv[8], napi_uint16_array, &exact, &exact_len)) {
      napi_throw_type_error(env, NULL, "compile: bad output checks");
      return NULL;
    }
    for (size_t k = 0; k < oexact_len; k++) {
      int32_t at = ((int32_t *)oexact)[k];
      if (at >= 0 && ((size_t)at >= exact_len || (size_t)at + 1 + ((uint16_t *)exact)[at] > exact_len)) {
        napi_throw_range_error(env, NULL, "compile: exact text out of range");
        return NULL;
      }
    }
  }
  Automaton *a = (Automaton *)calloc(1, sizeof(Automaton));
  if (!a) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
  if (trail) {
    a->out_trail = (uint8_t *)malloc(trail_len + 1);
    a->out_exact = (int32_t *)malloc(oexact_len * sizeof(int32_t) + 4);
    a->exact = (uint16_t *)malloc(exact_len * sizeof(uint16_t) + 2);
    if (!a->out_trail || !a->out_exact || !a->exact) { finalize(env, a, NULL); napi_throw_error(env, NULL, "out of memory"); return NULL; }
    memcpy(a->out_trail, trail, trail_len);
    memcpy(a->out_exact, oexact, oexact_len * sizeof(int32_t));
    memcpy(a->exact, exact, exact_len * sizeof(uint16_t));
    a->exact_len = exact_len;
  }
  memcpy(a->class_of, cls, 65536);
  for (size_t k = 0; k < 65536; k++) if (a->class_of[k] >= (1u << shift) && a->class_of[k] != CLASS_SEP) a->class_of[k] = 0;
  a->delta = (uint16_t *)malloc(delta_len * sizeof(uint16_t) + 2);
  a->out_start = (uint32_t *)malloc(ostart_len * sizeof(uint32_t));
  a->out_len = (int32_t *)malloc(olen_len * sizeof(int32_t) + 4);
  if (!a->delta || !a->out_start || !a->out_len) { finalize(env, a, NULL); napi_throw_error(env, NULL, "out of memory"); return NULL; }
  for (size_t k = 0; k < delta_len; k++) {
    uint32_t next = ((uint32_t *)delta)[k];
    a->delta[k] = (uint16_t)(next * 2 + (os[next + 1] > os[next] ? 1 : 0));
  }
  memcpy(a->out_start, ostart, ostart_len * sizeof(uint32_t));
  memcpy(a->out_len, olen, olen_len * sizeof(int32_t));
  a->states = (uint32_t)states;
  a->shift = shift;
  a->shapes = shapes;
  napi_value ext;
  napi_create_external(env, a, finalize, NULL, &ext);
  return ext;
}

/* scan(automaton, text: string, events: Int32Array) → count, or -(needed) */
static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Automaton *a;
  if (argc < 3 || napi_get_value_external(env, argv[0], (void **)&a) != napi_ok || !a) {
    napi_throw_type_error(env, NULL, "scan: bad automaton");
    return NULL;
  }
  size_t n;
  if (napi_get_value_string_utf16(env, argv[1], NULL, 0, &n) != napi_ok) { napi_throw_type_error(env, NULL, "scan: text must be a string"); return NULL; }
  if (n + 1 > a->buf_cap) {
    size_t cap = n + 1 < 4096 ? 4096 : n + 1;
    uint16_t *b = (uint16_t *)realloc(a->buf, cap * sizeof(uint16_t));
    if (!b) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
    a->buf = b;
    a->buf_cap = cap;
  }
  size_t got;
  napi_get_value_string_utf16(env, argv[1], (char16_t *)a->buf, n + 1, &got);
  n = got;
  void *evp;
  size_t cap;
  if (!typed(env, argv[2], napi_int32_array, &evp, &cap)) { napi_throw_type_error(env, NULL, "scan: events must be an Int32Array"); return NULL; }
  int32_t *ev = (int32_t *)evp;
  size_t count = 0; /* in int32 slots */

  const uint16_t *t = a->buf;
  const uint8_t *class_of = a->class_of;
  const uint16_t *delta = a->delta;
  const uint32_t shift = a->shift;
  const uint32_t shapes = a->shapes;
  uint32_t s = 0;
  uint16_t prev = 0; /* previous character, for word edges */
#define EMIT(k, p, x) do { if (count + 3 <= cap) { ev[count] = (k); ev[count + 1] = (int32_t)(p); ev[count + 2] = (int32_t)(x); } count += 3; } while (0)
  for (size_t i = 0; i < n; i++) {
    uint16_t ch = t[i];
    uint8_t c = class_of[ch];
    if (c != CLASS_SEP) {
      uint32_t d = delta[(s << shift) | c];
      s = d >> 1;
      if ((d & 1) && edge_ok(a, t, n, i + 1, s)) EMIT(0, i + 1, s);
    }
    if (shapes) {
      if (ch <= 'z' && ch >= '+') {
        if (is_digit(ch)) {
          if ((shapes & 1) && !is_word(prev) && card_digits(t, n, i)) EMIT(1, i, run_length(t, n, i, 0));
        } else if (is_alpha(ch)) {
          if ((shapes & 2) && !is_word(prev) && iban_prefix(t, n, i)) EMIT(2, i, run_length(t, n, i, 1));
        } else if (ch == '+') {
          if ((shapes & 4) && intl_phone(t, n, i)) EMIT(3, i, 0);
        }
      }
    }
    prev = ch;
  }
#undef EMIT
  napi_value result;
  if (count > cap) napi_create_int64(env, -(int64_t)count, &result);
  else napi_create_int64(env, (int64_t)(count / 3), &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "compile", NAPI_AUTO_LENGTH, compile, NULL, &fn);
  napi_set_named_property(env, exports, "compile", fn);
  napi_create_function(env, "scan", NAPI_AUTO_LENGTH, scan, NULL, &fn);
  napi_set_named_property(env, exports, "scan", fn);
  return exports;
}
