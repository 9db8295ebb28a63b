/*
 * Sift's candidate pass in C (Node-API): one pass over a text (UTF-16, or one byte a character when the caller knows
 * every character is below U+0100: candidates-pass.h holds the pass, included once per width) that runs the
 * keyword/anchor DFA built in JavaScript (engine/aho-corasick.ts) and recognises the named shape gates
 * (engine/prefilter.ts), writing each event as three int32 [kind, position, extra] into a caller-supplied Int32Array:
 *   kind 0: the DFA entered accepting state `extra` on the character at `position - 1`, and one of its outputs passes
 *           the checks the tables give for it: the word edge it needs before it, the word edge after it, and for
 *           case-sensitive anchors (NAME's given names) the exact text (JavaScript checks the hits again; these checks
 *           only spare it the calls for "mark" in "marketing" or "Will" in "William");
 *   kind 1 + g: shape gate g (0 cardDigits, 1 ibanPrefix, 2 intlPhone) matches at `position`; for cardDigits and
 *           ibanPrefix `extra` is the length of the run that starts there (run_length, GateSpec.minRun). With shapes bit
 *           SHAPE_CONFIRM_CARD, a cardDigits hit is reported only where a card number passes its checks (card_confirm);
 *   kind 4: word `extra` of the word table (compile's `words`) stands at `position - its length` as a whole word: it
 *           starts at a capital A-Z after no keyword word character, and the keyword word characters from there end at
 *           `position`. The table holds the case-sensitive whole-word anchors (NAME's given names) that would otherwise
 *           be half the automaton's states: looked up by hash at capitalised word starts, they keep its table small.
 * The automaton's tables are copied once into native memory (compile time), so a scan is one call per text.
 *
 * Speed: stepping the automaton waits on one table load per character, each depending on the one before (the table of
 * the whole catalog is 2 MB: NAME's given names), and any branch the processor mispredicts throws away the loads in
 * flight. So the hot loops have no data-dependent branch: separators step to the same state through the table, the
 * state after each character is written to a buffer unconditionally (accepting states are numbered last, so a
 * comparison finds them afterwards, 8 at a time with SSE2), shape-gate candidates likewise, and the few found are
 * checked afterwards. Long texts are cut into CHAINS segments stepped side by side, so their loads overlap; the
 * stepping loop is a function of its own so the chains' states stay in registers (about 7 instructions a character).
 * Returns the event count, or -(needed capacity) when the array was too small (the caller grows it and calls again).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CLASS_SEP 1
/* Segments scanned side by side (step_chains is written for 4), and texts shorter than CHAIN_MIN_LENGTH in one (the
   lead-ins would cost more). */
#define CHAINS 4
_Static_assert(CHAINS == 4, "step_chains and report_hits's lane masks are written for four chains");
#define CHAIN_MIN_LENGTH 1024
/* Bits of the filter on a word's first three characters (most capitalised words start no word of the table). */
#define WORD_START_BITS 32768
/* Characters each chain steps between two checks of what it found (its buffer's size). */
#define ROUND 1024
/* Per UTF-16 code unit, for the shape gates. */
enum { SH_DIGIT = 1, SH_ALPHA = 2, SH_WORD = 4, SH_PLUS = 8, SH_DIGIT19 = 16, SH_UPPER = 32, SH_KW = 64 /* is_kw_word */ };
#define SH_KW_BIT 6
_Static_assert(SH_KW == 1 << SH_KW_BIT && SH_KW == 64, "SH_KW is the top flag: shifting it down leaves 0 or 1");

typedef struct {
  uint8_t class_of[65536];
  uint16_t *delta;      /* (state << shift | class) -> next state, states renumbered (state_id) */
  uint16_t *state_id;   /* per state: the caller's number for it (events and out_start use those) */
  uint8_t *trail_all;   /* per state: 1 when it has outputs and every one needs a word edge after it */
  uint32_t first_accepting; /* states from this one on are accepting (those the caller's out_start gives outputs) */
  uint32_t *out_start;  /* per state: its outputs' lengths are out_len[out_start[s] .. out_start[s + 1]) */
  int32_t *out_len;     /* folded length of an output that needs a word edge before it, or -1 when it needs none */
  uint8_t *out_trail;   /* per output: 1 when it needs a word edge after it */
  int32_t *out_exact;   /* per output: offset of its exact UTF-16 text in `exact`, or -1 (case-insensitive) */
  uint16_t *exact;      /* exact texts, each as [length, chars...] */
  size_t exact_len;
  uint32_t states;
  uint32_t shift;
  uint32_t shapes;      /* bit g set: shape gate g is in use */
  uint32_t max_depth;   /* deepest state: the most non-separator characters the automaton remembers */
  uint8_t shape_flags[65536]; /* SH_* per UTF-16 code unit */
  void *buf;            /* scratch copy of the text (UTF-16 or one byte a character), SHAPE_PAD NULs after it */
  size_t buf_cap;       /* its size in bytes */
  uint8_t *iban_min;    /* 26 * 26, by an ibanPrefix hit's two letters: the shortest run any of its actions takes (255: none) */
  uint8_t *iban_len;    /* 26 * 26: the IBAN length whose check (iban_confirm) its hits must pass, 0 for none */
  uint32_t *hit_pos;    /* ROUND entries: shape candidates' positions (the portable shape pass) */
  uint16_t *out;        /* CHAINS * ROUND + 64: the chains' states after each character of a round, interleaved */
  uint16_t *words;      /* word table: each word as [length, chars...] (NULL: none) */
  uint32_t *word_slot;  /* open addressing, word_mask + 1 slots: offset of a word in `words` + 1, or 0 (empty) */
  uint32_t *word_index; /* per word, by offset in `words`: its ordinal (the event's extra) */
  uint32_t word_mask;
  uint32_t word_max;    /* longest word */
  uint32_t word_starts[WORD_START_BITS / 32]; /* bit word_start_key(...) set: some word starts with those characters */
  int avx2;             /* the processor has AVX2 (one-byte texts' shape masks) */
} Automaton;

static inline int is_digit(uint16_t c) { return c >= '0' && c <= '9'; }
static inline int is_upper(uint16_t c) { return c >= 'A' && c <= 'Z'; }
static inline int is_word(uint16_t c) { return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z') || c == '_'; }
static inline int is_alpha(uint16_t c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
static inline int is_alnum(uint16_t c) { return is_digit(c) || is_alpha(c); }

/*
 * Length of the run that starts at i: digits (alnum = 0) or ASCII letters and digits (alnum = 1), each optionally
 * followed by one space or hyphen, counted up to RUN_CAP (prefilter.ts runLength: no rule needs more, and the cap
 * bounds the work on adversarial digit soup).
 */
#define RUN_CAP 64

/*
 * The card number check at a cardDigits hit (shapes bit SHAPE_CONFIRM_CARD; engine/card-confirm.ts is the same in
 * JavaScript): whether CARD_NUMBER_PATTERN matches at i and its match passes validators/credit-card.ts creditCard. A
 * match is fixed by its number of digits (a separator after a digit is always taken when a digit follows it): the
 * greedy quantifier tries 19 digits first, then fewer down to 13, and the first whose end passes the lookahead wins.
 */
#define SHAPE_CONFIRM_CARD 8
typedef struct { uint32_t from, to, prefix_length, lengths; /* bit L: length L allowed */ } IssuerRange;
#define LEN(x) (1u << (x))
static const IssuerRange issuer_ranges[] = {
  { 4, 4, 1, LEN(13) | LEN(16) | LEN(19) },
  { 51, 55, 2, LEN(16) },
  { 2221, 2720, 4, LEN(16) },
  { 34, 34, 2, LEN(15) },
  { 37, 37, 2, LEN(15) },
  { 6011, 6011, 4, LEN(16) | LEN(19) },
  { 644, 649, 3, LEN(16) | LEN(19) },
  { 65, 65, 2, LEN(16) | LEN(19) },
  { 300, 305, 3, LEN(14) | LEN(16) | LEN(19) },
  { 36, 36, 2, LEN(14) | LEN(16) | LEN(19) },
  { 38, 39, 2, LEN(14) | LEN(16) | LEN(19) },
  { 3528, 3589, 4, LEN(16) | LEN(17) | LEN(18) | LEN(19) },
  { 62, 62, 2, LEN(16) | LEN(17) | LEN(18) | LEN(19) },
  { 5018, 5018, 4, 0xff000u /* 12..19 */ },
  { 5020, 5020, 4, 0xff000u },
  { 5038, 5038, 4, 0xff000u },
  { 5893, 5893, 4, LEN(16) | LEN(17) | LEN(18) | LEN(19) },
  { 6304, 6304, 4, LEN(16) | LEN(17) | LEN(18) | LEN(19) },
  { 6759, 6763, 4, LEN(16) | LEN(17) | LEN(18) | LEN(19) },
  { 2200, 2204, 4, LEN(16) | LEN(17) | LEN(18) | LEN(19) },
  { 6062, 6062, 4, LEN(16) },
  { 636368, 636368, 6, LEN(16) },
  { 504175, 504175, 6, LEN(16) },
  { 627780, 627780, 6, LEN(16) },
};
#undef LEN

static int issuer_of(uint32_t six, uint32_t length) {
  static const uint32_t pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };
  for (size_t r = 0; r < sizeof(issuer_ranges) / sizeof(issuer_ranges[0]); r++) {
    const IssuerRange *g = &issuer_ranges[r];
    uint32_t prefix = six / pow10[6 - g->prefix_length];
    if (prefix >= g->from && prefix <= g->to && (g->lengths >> length & 1)) return 1;
  }
  return 0;
}

/* Every issuer's prefix (issuer_ranges) starts with a digit from 2 to 6: a run that starts otherwise (epoch
   milliseconds, 1…) is no card number, whatever follows. */
static inline int may_start_card(uint16_t c) { return c >= '2' && c <= '6'; }

/* Keyword word edges (prefilter.ts isWordCode): ASCII letters and digits, Latin-1 and Latin Extended letters. */
static inline int is_kw_word(uint16_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7);
}

/* FNV-1a over UTF-16 units, seeded with the length (the same for building the word table and looking words up). */
static inline uint32_t word_hash_step(uint32_t h, uint16_t c) { return (h ^ c) * 0x01000193u; }

/*
 * Whether a word of the table stands at i (t[i] is A-Z): the keyword word characters from i (at most word_max + 1 of
 * them) hashed, then the slots probed. Reports it as a kind 4 event at the word's end. The caller checked that t[i] is
 * A-Z after no ASCII letter or digit; a Latin-1 or Latin Extended letter before it is checked here.
 */
static inline uint32_t word_start_key(uint16_t c0, uint16_t c1, uint16_t c2) {
  return ((uint32_t)c0 * 961u + (uint32_t)c1 * 31u + c2) & (WORD_START_BITS - 1);
}

/* Builds the word table from `words` ([length, chars...] each, every char a keyword word character, the first A-Z). */
static int build_words(Automaton *a, const uint16_t *words, size_t len) {
  uint32_t count = 0;
  for (size_t k = 0; k < len; k += 1 + words[k]) {
    uint16_t wl = words[k];
    if (wl == 0 || k + 1 + wl > len || !is_upper(words[k + 1])) return 0;
    for (size_t c = 1; c <= wl; c++) if (!is_kw_word(words[k + c])) return 0;
    if (wl > a->word_max) a->word_max = wl;
    count++;
  }
  uint32_t slots = 16;
  while (slots < 4 * count) slots <<= 1; /* at most a quarter full: probes stay short */
  a->words = (uint16_t *)malloc(len * sizeof(uint16_t) + 2);
  a->word_slot = (uint32_t *)calloc(slots, sizeof(uint32_t));
  a->word_index = (uint32_t *)malloc(len * sizeof(uint32_t) + 4);
  if (!a->words || !a->word_slot || !a->word_index) return -1;
  memcpy(a->words, words, len * sizeof(uint16_t));
  a->word_mask = slots - 1;
  uint32_t ordinal = 0;
  for (size_t k = 0; k < len; k += 1 + words[k], ordinal++) {
    uint16_t wl = words[k];
    uint32_t h = 0x811c9dc5u;
    for (size_t c = 1; c <= wl; c++) h = word_hash_step(h, words[k + c]);
    h = word_hash_step(h, wl);
    uint32_t slot = h & a->word_mask;
    while (a->word_slot[slot] != 0) slot = (slot + 1) & a->word_mask;
    a->word_slot[slot] = (uint32_t)k + 1;
    a->word_index[k] = ordinal;
    uint32_t key = word_start_key(words[k + 1], wl > 1 ? words[k + 2] : 0, wl > 2 ? words[k + 3] : 0);
    a->word_starts[key >> 5] |= 1u << (key & 31);
  }
  return 1;
}

/*
 * Numbers the states (renumbered[caller's state]): the root first, then the other states without outputs, then the
 * accepting ones from first_accepting on, so the stepping loop keeps only the state and finds accepting ones by
 * comparing numbers afterwards. state_id maps back. os: the caller's out_start, already checked.
 */
static void number_states(Automaton *a, const uint32_t *os, size_t states, uint16_t *renumbered) {
  size_t next = 0;
  for (int accepting = 0; accepting < 2; accepting++) {
    if (accepting) a->first_accepting = (uint32_t)next;
    for (size_t st = 0; st < states; st++) {
      if ((os[st + 1] > os[st]) != accepting) continue;
      renumbered[st] = (uint16_t)next;
      a->state_id[next++] = (uint16_t)st;
    }
  }
  /* The root stays 0 (chains start there): it has no outputs (the caller's patterns are not empty), else every state
     counts as accepting and the output checks sort them out. */
  if (os[1] > os[0]) {
    for (size_t st = 0; st < states; st++) renumbered[st] = (uint16_t)st, a->state_id[st] = (uint16_t)st;
    a->first_accepting = 0;
  }
}

/* trail_all per state in the new numbering (os and trail checked: every output index is below trail's length). */
static void mark_trail_all(Automaton *a, const uint32_t *os, const uint8_t *trail, size_t states, const uint16_t *renumbered) {
  for (size_t st = 0; st < states; st++) {
    int all = os[st + 1] > os[st];
    for (uint32_t k = os[st]; k < os[st + 1]; k++) all &= trail[k] != 0;
    a->trail_all[renumbered[st]] = (uint8_t)all;
  }
}

/*
 * a->delta in the new numbering, straight from the caller's table (its entries checked < states): one pass, each row
 * written where its state's new number puts it. A separator leaves the state as it is (JavaScript skips it): a
 * self-loop, never accepting (a hit there was reported at the character before). shift >= 1, so CLASS_SEP < cols.
 */
#define RENUMBER_ROWS(T)                                                                                         \
  for (size_t st = 0; st < states; st++) {                                                                     \
    const T *from = (const T *)src + (st << shift);                                                            \
    uint16_t *to = a->delta + ((size_t)renumbered[st] << shift);                                               \
    for (size_t c = 0; c < cols; c++) to[c] = renumbered[from[c]];                                             \
    to[CLASS_SEP] = renumbered[st];                                                                            \
  }
static void renumber_delta(Automaton *a, const void *src, int delta16, uint32_t shift, size_t states, const uint16_t *renumbered) {
  size_t cols = (size_t)1 << shift;
  if (delta16) {
    RENUMBER_ROWS(uint16_t)
  } else {
    RENUMBER_ROWS(uint32_t)
  }
}
#undef RENUMBER_ROWS

/* Whether every entry of the caller's transition table is < states (a maximum in the entries' width: it vectorizes). */
static int transitions_in_range(const void *delta, int delta16, size_t len, size_t states) {
  if (delta16) {
    const uint16_t *d = (const uint16_t *)delta;
    uint16_t most = 0;
    for (size_t k = 0; k < len; k++) most = d[k] > most ? d[k] : most;
    return most < states;
  }
  const uint32_t *d = (const uint32_t *)delta;
  uint32_t most = 0;
  for (size_t k = 0; k < len; k++) most = d[k] > most ? d[k] : most;
  return most < states;
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
  free(a->iban_min);
  free(a->iban_len);
  free(a->hit_pos);
  free(a->out);
  free(a->state_id);
  free(a->trail_all);
  free(a->words);
  free(a->word_slot);
  free(a->word_index);
  free(a);
}

static int cpu_has_avx2(void);

static int nullish(napi_env env, napi_value v) {
  napi_valuetype type;
  return napi_typeof(env, v, &type) == napi_ok && (type == napi_null || type == napi_undefined);
}

static int typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len) {
  napi_typedarray_type type;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, v, &type, len, data, &ab, &off) != napi_ok) return 0;
  return type == want;
}

/*
 * compile(classOf: Uint8Array(65536), delta: Uint32Array or Uint16Array, outStart: Uint32Array(states + 1), outLen: Int32Array,
 *         shift, shapes[, outTrail: Uint8Array, outExact: Int32Array, exact: Uint16Array]) → external
 * outTrail, outExact: one entry per output (as outLen); exact holds each exact text as [length, chars...].
 * ibanMin (optional, Uint8Array(676)): per ibanPrefix hit's two letters (upper case, A = 0), the shortest run one of its
 * actions opens a window for (GateSpec.minRun), 255 for none: hits on shorter runs are not reported; null for none.
 * ibanLen (optional, Uint8Array(676) or null): per ibanPrefix hit's two letters, the IBAN length (16..64) whose check
 * (iban_confirm) a hit must pass to be reported, 0 for none.
 * words (optional, Uint16Array): the word table (kind 4 events), each word as [length, chars...]; every char a keyword
 * word character and the first A-Z, else compile throws.
 */
static napi_value compile(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 6) { napi_throw_type_error(env, NULL, "compile needs 6 arguments"); return NULL; }
  void *cls, *delta, *ostart, *olen;
  int delta16 = 0; /* delta is a Uint16Array */
  size_t cls_len, delta_len, ostart_len, olen_len;
  uint32_t shift, shapes;
  if (!typed(env, argv[0], napi_uint8_array, &cls, &cls_len) || cls_len != 65536 ||
      !(typed(env, argv[1], napi_uint32_array, &delta, &delta_len) || (delta16 = typed(env, argv[1], napi_uint16_array, &delta, &delta_len))) ||
      !typed(env, argv[2], napi_uint32_array, &ostart, &ostart_len) || ostart_len < 2 ||
      !typed(env, argv[3], napi_int32_array, &olen, &olen_len) ||
      napi_get_value_uint32(env, argv[4], &shift) != napi_ok || shift < 1 || shift > 8 ||
      napi_get_value_uint32(env, argv[5], &shapes) != napi_ok ||
      delta_len != ((ostart_len - 1) << shift) || ostart_len - 1 >= 32768) {
    napi_throw_type_error(env, NULL, "compile: bad automaton tables");
    return NULL;
  }
  size_t states = ostart_len - 1;
  const uint32_t *os = (const uint32_t *)ostart;
  if (!transitions_in_range(delta, delta16, delta_len, states)) { napi_throw_range_error(env, NULL, "compile: transition out of range"); return NULL; }
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
  void *iban_min = NULL;
  size_t iban_min_len = 0;
  if (argc >= 10 && !nullish(env, argv[9]) && (!typed(env, argv[9], napi_uint8_array, &iban_min, &iban_min_len) || iban_min_len != 26 * 26)) {
    napi_throw_type_error(env, NULL, "compile: ibanMin must be a Uint8Array(676)");
    return NULL;
  }
  void *words = NULL;
  size_t words_len = 0;
  if (argc >= 11 && !nullish(env, argv[10]) && !typed(env, argv[10], napi_uint16_array, &words, &words_len)) {
    napi_throw_type_error(env, NULL, "compile: words must be a Uint16Array");
    return NULL;
  }
  void *iban_len = NULL;
  size_t iban_len_len = 0;
  if (argc >= 12 && !nullish(env, argv[11]) && (!typed(env, argv[11], napi_uint8_array, &iban_len, &iban_len_len) || iban_len_len != 26 * 26)) {
    napi_throw_type_error(env, NULL, "compile: ibanLen must be a Uint8Array(676)");
    return NULL;
  }
  for (size_t k = 0; k < iban_len_len; k++) {
    uint8_t l = ((uint8_t *)iban_len)[k];
    if (l != 0 && (l < 5 || l > 64)) { napi_throw_range_error(env, NULL, "compile: IBAN length out of range"); return NULL; }
  }
  Automaton *a = (Automaton *)calloc(1, sizeof(Automaton));
  if (!a) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
  if (iban_len) {
    a->iban_len = (uint8_t *)malloc(26 * 26);
    if (!a->iban_len) { finalize(env, a, NULL); napi_throw_error(env, NULL, "out of memory"); return NULL; }
    memcpy(a->iban_len, iban_len, 26 * 26);
  }
  if (iban_min) {
    a->iban_min = (uint8_t *)malloc(26 * 26);
    if (!a->iban_min) { finalize(env, a, NULL); napi_throw_error(env, NULL, "out of memory"); return NULL; }
    memcpy(a->iban_min, iban_min, 26 * 26);
  }
  if (words && words_len > 0) {
    int built = build_words(a, (const uint16_t *)words, words_len);
    if (built <= 0) {
      finalize(env, a, NULL);
      if (built < 0) napi_throw_error(env, NULL, "out of memory");
      else napi_throw_range_error(env, NULL, "compile: bad word table");
      return NULL;
    }
  }
  if (trail) {
    a->out_trail = (uint8_t *)malloc(trail_len + 1);
    a->out_exact = (int32_t *)malloc(oexact_len * sizeof(int32_t) + 4);
    a->exact = (uint16_t *)malloc(exact_len * sizeof(uint16_t) + 2);
    if (!a->out_trail || !a->out_exact || !a->exact) { finalize(env, a, NULL); napi_throw_error(env, NULL, "out of memory"); return NULL; }
    /* an empty typed array may have no data */
    if (trail_len > 0) memcpy(a->out_trail, trail, trail_len);
    if (oexact_len > 0) memcpy(a->out_exact, oexact, oexact_len * sizeof(int32_t));
    if (exact_len > 0) memcpy(a->exact, exact, exact_len * sizeof(uint16_t));
    a->exact_len = exact_len;
  }
  memcpy(a->class_of, cls, 65536);
  for (size_t k = 0; k < 65536; k++) if (a->class_of[k] >= (1u << shift) && a->class_of[k] != CLASS_SEP) a->class_of[k] = 0;
  a->delta = (uint16_t *)malloc(delta_len * sizeof(uint16_t) + 2);
  a->state_id = (uint16_t *)malloc(states * sizeof(uint16_t));
  a->out_start = (uint32_t *)malloc(ostart_len * sizeof(uint32_t));
  a->out_len = (int32_t *)malloc(olen_len * sizeof(int32_t) + 4);
  uint16_t *renumbered = (uint16_t *)malloc(states * sizeof(uint16_t));
  if (!a->delta || !a->state_id || !a->out_start || !a->out_len || !renumbered) {
    free(renumbered);
    finalize(env, a, NULL);
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  a->trail_all = (uint8_t *)calloc(states, 1);
  if (!a->trail_all) {
    free(renumbered);
    finalize(env, a, NULL);
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  number_states(a, os, states, renumbered);
  if (trail) mark_trail_all(a, os, (const uint8_t *)trail, states, renumbered);
  renumber_delta(a, delta, delta16, shift, states, renumbered);
  free(renumbered);
  memcpy(a->out_start, ostart, ostart_len * sizeof(uint32_t));
  if (olen_len > 0) memcpy(a->out_len, olen, olen_len * sizeof(int32_t)); /* an empty typed array may have no data */
  a->states = (uint32_t)states;
  a->shift = shift;
  a->shapes = shapes;
  a->avx2 = cpu_has_avx2();
  /* Each state's depth is its distance from the root: it is the longest suffix of the text read that begins a literal,
     so no shorter path reaches it (the same in either numbering: the root is 0 in both). */
  uint32_t *dist = (uint32_t *)malloc(states * sizeof(uint32_t));
  uint16_t *queue = (uint16_t *)malloc(states * sizeof(uint16_t));
  a->hit_pos = (uint32_t *)malloc(ROUND * sizeof(uint32_t));
  a->out = (uint16_t *)calloc(CHAINS * ROUND + 64, sizeof(uint16_t));
  if (!dist || !queue || !a->hit_pos || !a->out) {
    free(dist);
    free(queue);
    finalize(env, a, NULL);
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  for (size_t k = 0; k < states; k++) dist[k] = UINT32_MAX;
  size_t head = 0, tail = 0;
  dist[0] = 0;
  queue[tail++] = 0;
  while (head < tail) {
    uint32_t st = queue[head++];
    const uint16_t *row = a->delta + ((size_t)st << shift);
    uint32_t d = dist[st] + 1;
    for (uint32_t c = 0; c < (1u << shift); c++) {
      uint32_t next = row[c];
      if (dist[next] == UINT32_MAX) { dist[next] = d; queue[tail++] = (uint16_t)next; }
    }
  }
  for (size_t k = 0; k < states; k++) if (dist[k] != UINT32_MAX && dist[k] > a->max_depth) a->max_depth = dist[k];
  free(dist);
  free(queue);
  /* No code unit from U+0250 on has a flag (is_kw_word's last range ends at U+024F): calloc zeroed them. */
  for (uint32_t c = 0; c < 0x250; c++) {
    uint16_t u = (uint16_t)c;
    a->shape_flags[c] = (uint8_t)((is_digit(u) ? SH_DIGIT : 0) | (is_alpha(u) ? SH_ALPHA : 0) | (is_word(u) ? SH_WORD : 0) |
                                  (u == '+' ? SH_PLUS : 0) | (u >= '1' && u <= '9' ? SH_DIGIT19 : 0) | (is_upper(u) ? SH_UPPER : 0) | (is_kw_word(u) ? SH_KW : 0));
  }
  napi_value ext;
  napi_create_external(env, a, finalize, NULL, &ext);
  return ext;
}

typedef struct {
  int32_t *ev;
  size_t cap;
  size_t count; /* in int32 slots */
} Events;

static inline void emit(Events *e, int32_t kind, size_t pos, int32_t extra) {
  if (e->count + 3 <= e->cap) {
    e->ev[e->count] = kind;
    e->ev[e->count + 1] = (int32_t)pos;
    e->ev[e->count + 2] = extra;
  }
  e->count += 3;
}

/*
 * One segment: stepped over [i, end), reporting from `report` on; its last round began at `from` and left the state
 * after its r-th character at out[r * CHAINS + its lane].
 */
typedef struct {
  size_t i, report, end, from;
  uint32_t s;
} Chain;

/*
 * found[w] bit j: out[w * 64 + j] is an accepting state (first_accepting or more), for the `count` entries of a round
 * (out has room for 64 more: the last word's bits past `count` are cleared).
 */
#if defined(__SSE2__) && !defined(SIFT_NO_SIMD)
#include <emmintrin.h>
static void accepting(const uint16_t *out, size_t count, uint32_t first_accepting, uint64_t *found) {
  /* states are below 32768, so a signed comparison is exact */
  const __m128i below = _mm_set1_epi16((int16_t)((int32_t)first_accepting - 1));
  for (size_t w = 0; w * 64 < count; w++) {
    uint64_t m = 0;
    for (int q = 0; q < 4; q++) {
      const uint16_t *at = out + w * 64 + q * 16;
      __m128i lo = _mm_cmpgt_epi16(_mm_loadu_si128((const __m128i *)at), below);
      __m128i hi = _mm_cmpgt_epi16(_mm_loadu_si128((const __m128i *)(at + 8)), below);
      m |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_packs_epi16(lo, hi)) << (16 * q);
    }
    found[w] = m;
  }
  if (count % 64) found[count / 64] &= (1ull << (count % 64)) - 1;
}
#else
static void accepting(const uint16_t *out, size_t count, uint32_t first_accepting, uint64_t *found) {
  for (size_t w = 0; w * 64 < count; w++) found[w] = 0;
  for (size_t j = 0; j < count; j++) found[j / 64] |= (uint64_t)(out[j] >= first_accepting) << (j % 64);
}
#endif
/* SIFT_NO_SIMD (CFLAGS=-DSIFT_NO_SIMD npm run install) builds the portable path on x86 too, to test it. */
#if defined(__SSE2__) && !defined(SIFT_NO_SIMD)
#define SIFT_SIMD 1
/*
 * The shape gates' candidates, 64 characters at a time: bit masks of digits, ASCII letters, `+` and capitals A-Z (SSE2
 * on the characters packed to bytes: above 255 they saturate to 255 or 0, neither of which is any of these), shifted
 * against each other: a card number may start at i where four digits start after no ASCII letter or digit and four more
 * follow at i + 4 or, after a non-digit, at i + 5, an IBAN where two letters and two digits do, a phone number where
 * `+` and a digit do, a word of the word table where a capital does. The masks are a superset of what each gate takes (shape_at checks every condition again: the word edge
 * with `_`, the phone's digit from 1), so they are kept to the four that cost least: each a range check as one add and
 * one signed compare (x - lo, moved to -128.., is below -128 + the range's size), each vector's bits taken at once (no
 * vector kept across the four quarters: SSE2's 16 registers held the old six masks' 24 only with spills).
 */
#include <emmintrin.h>

/* One-byte texts' masks with AVX2 where the processor has it (SIFT_NO_AVX2 builds the SSE2 ones only, to test them). */
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__) && !defined(SIFT_NO_AVX2)
#define SIFT_AVX2 1
#include <immintrin.h>
#else
#define SIFT_AVX2 0
#endif

typedef struct { uint64_t digit, alpha, plus, upper; } Masks;

/* bit i of the mask of the characters `k` (1..63) on: from this block and the next */
#define AHEAD(cur, next, k) (((cur) >> (k)) | ((next) << (64 - (k))))
/* NULs after the text: the masks of the block after the last */
#define SHAPE_PAD 128
#else
#define SIFT_SIMD 0
#define SIFT_AVX2 0
/* Without SSE2: the same candidates one character at a time, with the flags of t[i - 1] .. t[i + 3] in a window. */
#define SHAPE_PAD 3
#endif

/* Whether the one-byte pass may take its shape masks with AVX2. */
static int cpu_has_avx2(void) {
#if SIFT_SIMD && SIFT_AVX2
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
#else
  return 0;
#endif
}

/* The pass over UTF-16 code units (scan_text_16 …) and over one-byte texts (scan_text_8 …). */
#define CH uint16_t
#define CH_BYTES 2
#define W(name) name##_16
#include "candidates-pass.h"
#undef CH
#undef CH_BYTES
#undef W
#define CH uint8_t
#define CH_BYTES 1
#define W(name) name##_8
#include "candidates-pass.h"
#undef CH
#undef CH_BYTES
#undef W

/*
 * The scratch copy of the text: at least `bytes`, a->buf grown when it is not (false: out of memory, thrown).
 */
static int scratch(napi_env env, Automaton *a, size_t bytes) {
  if (bytes <= a->buf_cap) return 1;
  size_t cap = bytes < 8192 ? 8192 : bytes;
  void *b = realloc(a->buf, cap);
  if (!b) { napi_throw_error(env, NULL, "out of memory"); return 0; }
  a->buf = b;
  a->buf_cap = cap;
  return 1;
}

/*
 * scan(automaton, text: string, events: Int32Array, oneByte?: boolean) → count, or -(needed). oneByte: the caller
 * knows every character of `text` is below U+0100 (V8 keeps such strings one byte a character): the text is copied
 * one byte a character (napi_get_value_string_latin1, a plain copy of a one-byte string; UTF-16 would widen it) and
 * scanned as bytes. The events are the same either way; a text with a character from U+0100 on must not be passed as
 * oneByte (the Latin-1 copy would keep only its low byte).
 */
static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Automaton *a;
  if (argc < 3 || napi_get_value_external(env, argv[0], (void **)&a) != napi_ok || !a) {
    napi_throw_type_error(env, NULL, "scan: bad automaton");
    return NULL;
  }
  bool one_byte = false;
  if (argc >= 4 && !nullish(env, argv[3]) && napi_get_value_bool(env, argv[3], &one_byte) != napi_ok) {
    napi_throw_type_error(env, NULL, "scan: oneByte must be a boolean");
    return NULL;
  }
  size_t n;
  napi_status got_length = one_byte ? napi_get_value_string_latin1(env, argv[1], NULL, 0, &n)
                                    : napi_get_value_string_utf16(env, argv[1], NULL, 0, &n);
  if (got_length != napi_ok) { napi_throw_type_error(env, NULL, "scan: text must be a string"); return NULL; }
  const size_t unit = one_byte ? 1 : sizeof(uint16_t);
  if (!scratch(env, a, (n + SHAPE_PAD) * unit)) return NULL;
  size_t got;
  if (one_byte) napi_get_value_string_latin1(env, argv[1], (char *)a->buf, n + 1, &got);
  else napi_get_value_string_utf16(env, argv[1], (char16_t *)a->buf, n + 1, &got);
  n = got;
  /* NULs after the text: the shape pass reads ahead (NUL is no digit, letter or word character) */
  memset((char *)a->buf + n * unit, 0, SHAPE_PAD * unit);
  void *evp;
  size_t cap;
  if (!typed(env, argv[2], napi_int32_array, &evp, &cap)) { napi_throw_type_error(env, NULL, "scan: events must be an Int32Array"); return NULL; }
  Events e = { (int32_t *)evp, cap, 0 };
  if (one_byte) scan_text_8(a, (const uint8_t *)a->buf, n, &e);
  else scan_text_16(a, (const uint16_t *)a->buf, n, &e);
  size_t count = e.count;
  napi_value result;
  if (count > cap) napi_create_int64(env, -(int64_t)count, &result);
  else napi_create_int64(env, (int64_t)(count / 3), &result);
  return result;
}

/*
 * text(bytes: Uint8Array, ascii: boolean) → string: the text of a file's bytes as an external string (V8 points at
 * memory malloc'd here, freed when the string is collected), for texts over V8's regular object size. A heap string
 * that long is a large object: mapped afresh and faulted in page by page for each file, then unmapped; malloc reuses
 * the memory the last file's text was freed into. `ascii`: the bytes are ASCII (a one-byte copy); otherwise they must
 * be valid UTF-8 (the caller checks), decoded here: a one-byte string when every character is below U+0100, as V8's
 * own decoder makes, UTF-16 otherwise. Exported only when Node has node_api_create_external_string_* (20.4+): looked
 * up at load time, so an older Node still loads the addon.
 */
typedef napi_status (*ExternalLatin1)(napi_env, char *, size_t, napi_finalize, void *, napi_value *, bool *);
typedef napi_status (*ExternalUtf16)(napi_env, char16_t *, size_t, napi_finalize, void *, napi_value *, bool *);
static ExternalLatin1 external_latin1;
static ExternalUtf16 external_utf16;

/*
 * The string's bytes count as external memory while it lives (as Node's own external strings do): V8 collects sooner
 * when they add up, so a stream of long texts does not keep hundreds of MB of dead ones. `hint`: their size.
 */
static void free_text(napi_env env, void *data, void *hint) {
  int64_t unused;
  napi_adjust_external_memory(env, -(int64_t)(intptr_t)hint, &unused);
  free(data);
}

static napi_value made_text(napi_env env, char *latin1, uint16_t *utf16, size_t length, size_t bytes) {
  napi_value out = NULL;
  bool copied = false;
  int64_t unused;
  /* When Node copies instead (a sandboxed V8), it calls free_text at once, which takes the bytes off again. */
  napi_adjust_external_memory(env, (int64_t)bytes, &unused);
  napi_status status = latin1 ? external_latin1(env, latin1, length, free_text, (void *)(intptr_t)bytes, &out, &copied)
                              : external_utf16(env, (char16_t *)utf16, length, free_text, (void *)(intptr_t)bytes, &out, &copied);
  if (status != napi_ok) {
    napi_adjust_external_memory(env, -(int64_t)bytes, &unused);
    free(latin1 ? (void *)latin1 : (void *)utf16);
    napi_throw_error(env, NULL, "text: could not make the string");
    return NULL;
  }
  return out;
}

static napi_value text(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *data;
  size_t n;
  bool ascii = false;
  if (argc < 2 || !typed(env, argv[0], napi_uint8_array, &data, &n) || napi_get_value_bool(env, argv[1], &ascii) != napi_ok) {
    napi_throw_type_error(env, NULL, "text: bytes must be a Uint8Array");
    return NULL;
  }
  const uint8_t *b = (const uint8_t *)data;
  if (ascii) {
    char *copy = (char *)malloc(n ? n : 1);
    if (!copy) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
    if (n) memcpy(copy, b, n); /* an empty array's data may be NULL */
    return made_text(env, copy, NULL, n, n);
  }
  /* Valid UTF-8: at most one UTF-16 unit per byte. */
  uint16_t *u = (uint16_t *)malloc((n ? n : 1) * sizeof(uint16_t));
  if (!u) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
  size_t m = 0;
  uint32_t wide = 0;
  for (size_t i = 0; i < n;) {
    uint32_t c = b[i];
    if (c < 0x80) i += 1;
    else if (c < 0xe0) { c = ((c & 0x1f) << 6) | (b[i + 1] & 0x3f); i += 2; }
    else if (c < 0xf0) { c = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f); i += 3; }
    else {
      c = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
      i += 4;
      c -= 0x10000;
      u[m++] = (uint16_t)(0xd800 + (c >> 10));
      c = 0xdc00 + (c & 0x3ff);
    }
    wide |= c;
    u[m++] = (uint16_t)c;
  }
  if (wide < 0x100) {
    char *one = (char *)malloc(m ? m : 1);
    if (!one) { free(u); napi_throw_error(env, NULL, "out of memory"); return NULL; }
    for (size_t i = 0; i < m; i++) one[i] = (char)u[i];
    free(u);
    return made_text(env, one, NULL, m, m);
  }
  if (m < n) {
    uint16_t *fit = (uint16_t *)realloc(u, m * sizeof(uint16_t));
    if (fit) u = fit;
  }
  return made_text(env, NULL, u, m, m * sizeof(uint16_t));
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "compile", NAPI_AUTO_LENGTH, compile, NULL, &fn);
  napi_set_named_property(env, exports, "compile", fn);
  napi_create_function(env, "scan", NAPI_AUTO_LENGTH, scan, NULL, &fn);
  napi_set_named_property(env, exports, "scan", fn);
  /* Tells JavaScript this build takes a word table (an older build would ignore it and lose those hits). */
  napi_value yes;
  napi_get_boolean(env, 1, &yes);
  napi_set_named_property(env, exports, "wordTable", yes);
  external_latin1 = (ExternalLatin1)dlsym(RTLD_DEFAULT, "node_api_create_external_string_latin1");
  external_utf16 = (ExternalUtf16)dlsym(RTLD_DEFAULT, "node_api_create_external_string_utf16");
  if (external_latin1 && external_utf16) {
    napi_create_function(env, "text", NAPI_AUTO_LENGTH, text, NULL, &fn);
    napi_set_named_property(env, exports, "text", fn);
  }
  return exports;
}
