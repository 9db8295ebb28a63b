/*
 * The delimited reader's data-row pass in C (issue 12): reads a part of a decoded chunk (UTF-16 code units, written
 * once per chunk into a Uint16Array by src/extract/csv.ts) and writes the whole data cells it finds as
 * [start, end, row, column] into a caller-supplied Int32Array, so JavaScript only slices the cells it hands on.
 *
 * It is DelimitedParser.parseRows, cell for cell: unquoted cells, and quoted cells that close in the part with no
 * escaped quote and a delimiter or newline right after the closing quote. At anything else (a cell cut by the part's
 * end, one of maxField characters or more, an escaped quote or text after a closing quote) it stops at that cell's
 * start and the JavaScript general path reads it, as before. It also stops after the cell that fills the batch
 * (chars or count at their limits) and when the cell array is full, always at a field start. Empty cells are not
 * written (they only move the column). No allocation, no state of its own: everything lives in the caller's arrays.
 *
 * split(units: Uint16Array, state: Int32Array(STATE_SLOTS), cells: Int32Array) → next index
 *
 * gather then lays those cells out per column (see its comment), so JavaScript makes one string per column and call
 * instead of a slice per cell and a join per column. The addon also carries decode.ts's latin1 (utf8-latin1.h).
 */
#include <node_api.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "typed-args.h"
#include "utf8-latin1.h"

/* state[]: in and out (same numbering as Slot in csv-split.ts). */
enum {
  S_FROM, S_TO, S_DELIMITER, S_QUOTING, S_MAX_FIELD, S_MAX_CHARS, S_MAX_COUNT, /* in */
  S_ROW, S_COLUMN, S_CHARS, S_COUNT, /* in and out */
  S_AFTER_CR, S_CELLS, /* out: a CR was the part's last unit; cells written */
  STATE_SLOTS
};
#define CELL_INTS 4
/*
 * The largest part end, row, column, character and cell count taken in: each grows by at most one per unit of the
 * part, so with both below 2^30 none can pass INT32_MAX.
 */
#define LIMIT_IN 0x3fffffff
#define LF 0x0a
#define CR 0x0d
#define QUOTE 0x22

typedef struct {
  const uint16_t *s;
  int32_t to, max_field, max_chars, max_count;
  uint16_t d;
  int quoting;
  int32_t row, column, chars, count, after_cr;
  int32_t *cells;
  size_t ncells, cap; /* cells written, cells that fit */
} Pass;

/*
 * Eight units at a time where SSE2 is there (every x86-64): a cell averages ~10 characters, so one compare of eight
 * usually finds its end. A block is loaded only when all eight units lie below `limit` (<= the part's end <= the
 * units' length); the rest is read one unit at a time.
 */
#if defined(__SSE2__)
#include <emmintrin.h>
#define BLOCK 8
/* Bit 2k (and 2k + 1) set where unit k of the block at s + k0 equals a, b or c. */
static inline unsigned block_mask(const uint16_t *s, int32_t k0, __m128i a, __m128i b, __m128i c) {
  __m128i v = _mm_loadu_si128((const __m128i *)(s + k0));
  __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(v, a), _mm_cmpeq_epi16(v, b)), _mm_cmpeq_epi16(v, c));
  return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The first index in [from, limit) holding `c`, or -1. */
static int32_t find(const uint16_t *s, int32_t from, int32_t limit, uint16_t c) {
  int32_t k = from;
#if defined(__SSE2__)
  __m128i q = _mm_set1_epi16((short)c);
  for (; k + BLOCK <= limit; k += BLOCK) {
    unsigned m = block_mask(s, k, q, q, q);
    if (m) return k + (__builtin_ctz(m) >> 1);
  }
#endif
  for (; k < limit; k++)
    if (s[k] == c) return k;
  return -1;
}

/* The first index in [from, limit) holding d, LF or CR, or `limit`. */
static int32_t field_end(const uint16_t *s, int32_t from, int32_t limit, uint16_t d) {
  int32_t k = from;
#if defined(__SSE2__)
  __m128i vd = _mm_set1_epi16((short)d), lf = _mm_set1_epi16(LF), cr = _mm_set1_epi16(CR);
  for (; k + BLOCK <= limit; k += BLOCK) {
    unsigned m = block_mask(s, k, vd, lf, cr);
    if (m) return k + (__builtin_ctz(m) >> 1);
  }
#endif
  for (; k < limit; k++) {
    uint16_t c = s[k];
    if (c == d || c == LF || c == CR) return k;
  }
  return limit;
}

/*
 * Whole data cells from `i` (a field start) until a cell JavaScript must read, the part's end, a full batch or a full
 * cell array; returns where it stopped (a field start). Every read is below p->to (checked on entry against the units).
 */
static int32_t run(Pass *p, int32_t i) {
  const uint16_t *s = p->s;
  const int32_t n = p->to;
  const uint16_t d = p->d;
  while (i < n) {
    if (p->ncells == p->cap) break; /* room for this cell's entry */
    int32_t start = i, j = i;
    uint16_t c = s[i];
    if (c == QUOTE && p->quoting) {
      /*
       * parseRows takes the next quote (indexOf) and breaks when the cell would be maxField or longer; looking no
       * further than that length breaks at the same cells. The quote must not be the part's last unit.
       */
      int32_t limit = n - (i + 1) > p->max_field ? i + 1 + p->max_field : n;
      int32_t q = find(s, i + 1, limit, QUOTE);
      if (q < 0 || q + 1 == n) break;
      c = s[q + 1]; /* q + 1 < n */
      if (c != d && c != LF && c != CR) break;
      start = i + 1;
      j = q;
    } else {
      /* Up to the delimiter or newline; one of maxField units or more, or cut by the part's end, is not ours. */
      int32_t limit = n - i > p->max_field ? i + p->max_field : n;
      j = field_end(s, i, limit, d);
      if (j == limit) break;
      c = s[j]; /* j < limit <= n */
    }
    if (j - start >= p->max_field) break;
    if (j > start) {
      int32_t *e = p->cells + p->ncells * CELL_INTS; /* ncells < cap */
      e[0] = start;
      e[1] = j;
      e[2] = p->row;
      e[3] = p->column;
      p->ncells++;
      p->chars += j - start;
      p->count++;
    }
    /* j is the quoted cell's last unit (step to the delimiter or newline), or the unquoted cell's end. */
    if (start != i) j++;
    i = j + 1; /* j < n: a delimiter or newline */
    if (c == d) p->column++;
    else {
      p->row++;
      p->column = 1;
      if (c == CR) {
        if (i == n) p->after_cr = 1;
        else if (s[i] == LF) i++;
      }
    }
    if (p->chars >= p->max_chars || p->count >= p->max_count) break;
  }
  return i;
}

/* split's arguments: typed arrays of these types, in this order. */
static const napi_typedarray_type ARG_TYPES[] = {napi_uint16_array, napi_int32_array, napi_int32_array};
#define ARGS (sizeof ARG_TYPES / sizeof ARG_TYPES[0])

static int in_range(int32_t v, int32_t lo) { return v >= lo && v <= LIMIT_IN; }

static napi_value split(napi_env env, napi_callback_info info) {
  void *data[ARGS];
  size_t len[ARGS]; /* in elements */
  if (!typed_args(env, info, ARG_TYPES, ARGS, data, len) || len[1] < STATE_SLOTS) {
    napi_throw_type_error(env, NULL, "split: (Uint16Array, Int32Array(13), Int32Array) expected");
    return NULL;
  }
  int32_t *st = (int32_t *)data[1];
  int32_t from = st[S_FROM], to = st[S_TO];
  /* The part lies in the units; the counters cannot overflow (LIMIT_IN); a delimiter is one UTF-16 unit. */
  if (from < 0 || to < from || (size_t)to > len[0] || to > LIMIT_IN || st[S_DELIMITER] < 0 || st[S_DELIMITER] > 0xffff ||
      !in_range(st[S_MAX_FIELD], 1) || st[S_MAX_CHARS] < 0 || st[S_MAX_COUNT] < 0 || !in_range(st[S_ROW], 1) ||
      !in_range(st[S_COLUMN], 1) || !in_range(st[S_CHARS], 0) || !in_range(st[S_COUNT], 0)) {
    napi_throw_range_error(env, NULL, "split: state out of range");
    return NULL;
  }
  Pass p;
  p.s = (const uint16_t *)data[0];
  p.to = to;
  p.d = (uint16_t)st[S_DELIMITER];
  p.quoting = st[S_QUOTING] != 0;
  p.max_field = st[S_MAX_FIELD];
  p.max_chars = st[S_MAX_CHARS];
  p.max_count = st[S_MAX_COUNT];
  p.row = st[S_ROW];
  p.column = st[S_COLUMN];
  p.chars = st[S_CHARS];
  p.count = st[S_COUNT];
  p.after_cr = 0;
  p.cells = (int32_t *)data[2];
  p.ncells = 0;
  p.cap = len[2] / CELL_INTS;
  int32_t end = run(&p, from);
  st[S_ROW] = p.row;
  st[S_COLUMN] = p.column;
  st[S_CHARS] = p.chars;
  st[S_COUNT] = p.count;
  st[S_AFTER_CR] = p.after_cr;
  st[S_CELLS] = (int32_t)p.ncells;
  napi_value out;
  napi_create_int32(env, end, &out);
  return out;
}

/*
 * gather(units, cells, g: Int32Array [ncells, orderBase, at], joined: Uint16Array, meta: Int32Array, out: Int32Array)
 * → columns, or -1
 *
 * The cells split wrote (cells[0, 4 * ncells)) grouped by column, in the order each column first appears: each
 * column's cells copied into `joined` one after another, a RECORD_SEPARATOR after each, columns side by side. Per
 * column, meta[4c ..] = [column, end of its text in joined, end of its cells, its longest cell] (a column's text
 * starts one unit past the previous one's end; its cells where the previous one's end); per cell, in that grouped order,
 * out[3 * (at + k) ..] = [start in its column's text, row, orderBase + its index in `cells`] (`out` is the batch's:
 * the caller keeps views of it). -1 when the columns span GATHER_MAX or more, or `joined` is too short: the caller
 * then slices the cells one by one.
 */
#define GATHER_MAX 4096
#define SCRATCH_AT (4 * GATHER_MAX)
#define META_INTS (8 * GATHER_MAX)
#define RS 0x1e

static const napi_typedarray_type GATHER_TYPES[] = {napi_uint16_array, napi_int32_array, napi_int32_array, napi_uint16_array, napi_int32_array, napi_int32_array};
#define GATHER_ARGS (sizeof GATHER_TYPES / sizeof GATHER_TYPES[0])

static int32_t gather_cells(const uint16_t *units, size_t nunits, const int32_t *cells, int32_t ncells, int32_t base, uint16_t *joined,
                            size_t njoined, int32_t *meta, int32_t *out) {
  /* Every cell inside the units, rows and columns positive; the columns' span and the joined length. */
  int32_t lo = INT32_MAX, hi = 0;
  size_t total = 0;
  for (int32_t k = 0; k < ncells; k++) {
    const int32_t *e = cells + (size_t)k * CELL_INTS;
    if (e[0] < 0 || e[1] < e[0] || (size_t)e[1] > nunits || e[2] < 1 || e[3] < 1) return -2;
    if (e[3] < lo) lo = e[3];
    if (e[3] > hi) hi = e[3];
    total += (size_t)(e[1] - e[0]) + 1; /* <= nunits + 1 per cell: no overflow for ncells <= GATHER_MAX */
  }
  if (ncells == 0) return 0;
  if (hi - lo >= GATHER_MAX || total > njoined) return -1;
  int32_t width = hi - lo + 1; /* <= GATHER_MAX */
  int32_t *cnt = meta + SCRATCH_AT, *len = cnt + GATHER_MAX, *longest = len + GATHER_MAX, *at = longest + GATHER_MAX;
  for (int32_t w = 0; w < width; w++) cnt[w] = len[w] = longest[w] = 0;
  for (int32_t k = 0; k < ncells; k++) {
    const int32_t *e = cells + (size_t)k * CELL_INTS;
    int32_t w = e[3] - lo, n = e[1] - e[0];
    cnt[w]++;
    len[w] += n + 1; /* <= total <= njoined, checked <= LIMIT_IN by the caller */
    if (n > longest[w]) longest[w] = n;
  }
  /* Columns laid out as they first appear; then cnt[w] < 0 marks a placed column, len[w] its next unit, longest[w]
   * its next cell, at[w] its text's start. */
  int32_t ncols = 0, u = 0, c = 0;
  for (int32_t k = 0; k < ncells; k++) {
    int32_t w = cells[(size_t)k * CELL_INTS + 3] - lo;
    if (cnt[w] < 0) continue;
    int32_t *col = meta + 4 * ncols++; /* ncols <= ncells <= GATHER_MAX */
    at[w] = u;
    u += len[w];
    col[0] = lo + w;
    col[1] = u - 1; /* the last separator is not the column's */
    col[3] = longest[w];
    len[w] = at[w];
    longest[w] = c;
    c += cnt[w];
    col[2] = c;
    cnt[w] = -1;
  }
  for (int32_t k = 0; k < ncells; k++) {
    const int32_t *e = cells + (size_t)k * CELL_INTS;
    int32_t w = e[3] - lo, n = e[1] - e[0], pos = len[w];
    memcpy(joined + pos, units + e[0], (size_t)n * sizeof *units); /* pos + n < total <= njoined; e[1] <= nunits */
    joined[pos + n] = RS;
    len[w] = pos + n + 1;
    int32_t *o = out + 3 * longest[w]++; /* < out + 3 * ncells */
    o[0] = pos - at[w];
    o[1] = e[2];
    o[2] = base + k;
  }
  return ncols;
}

static napi_value gather(napi_env env, napi_callback_info info) {
  void *data[GATHER_ARGS];
  size_t len[GATHER_ARGS];
  if (!typed_args(env, info, GATHER_TYPES, GATHER_ARGS, data, len) || len[2] < 3 || len[4] < META_INTS) {
    napi_throw_type_error(env, NULL, "gather: (Uint16Array, Int32Array, Int32Array(3), Uint16Array, Int32Array(8 * 4096), Int32Array) expected");
    return NULL;
  }
  const int32_t *g = (const int32_t *)data[2];
  int32_t ncells = g[0], base = g[1], at = g[2];
  /* The cells' entries fit in `out` from `at` (size_t: no overflow). */
  if (ncells < 0 || ncells > GATHER_MAX || (size_t)ncells * CELL_INTS > len[1] || base < 0 || base > LIMIT_IN || len[3] > LIMIT_IN || at < 0 ||
      3 * ((size_t)at + (size_t)ncells) > len[5]) {
    napi_throw_range_error(env, NULL, "gather: arguments out of range");
    return NULL;
  }
  int32_t r = gather_cells((const uint16_t *)data[0], len[0], (const int32_t *)data[1], ncells, base, (uint16_t *)data[3], len[3], (int32_t *)data[4],
                           (int32_t *)data[5] + 3 * (size_t)at);
  if (r == -2) {
    napi_throw_range_error(env, NULL, "gather: a cell out of range");
    return NULL;
  }
  napi_value out;
  napi_create_int32(env, r, &out);
  return out;
}

/*
 * latin1(bytes: Uint8Array, out: Uint8Array) → the Latin-1 length written to `out`, or -1 (utf8-latin1.h; decode.ts's
 * chunks). `out` must be at least as long as `bytes`, else a RangeError.
 */
static const napi_typedarray_type LATIN1_TYPES[] = {napi_uint8_array, napi_uint8_array};

static napi_value latin1(napi_env env, napi_callback_info info) {
  void *data[2];
  size_t len[2];
  if (!typed_args(env, info, LATIN1_TYPES, 2, data, len)) {
    napi_throw_type_error(env, NULL, "latin1: (Uint8Array, Uint8Array) expected");
    return NULL;
  }
  if (len[1] < len[0] || len[0] > LIMIT_IN) {
    napi_throw_range_error(env, NULL, "latin1: output shorter than the bytes");
    return NULL;
  }
  napi_value out;
  napi_create_int32(env, (int32_t)utf8_to_latin1((const uint8_t *)data[0], len[0], (uint8_t *)data[1]), &out);
  return out;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "split", NAPI_AUTO_LENGTH, split, NULL, &fn);
  napi_set_named_property(env, exports, "split", fn);
  napi_create_function(env, "gather", NAPI_AUTO_LENGTH, gather, NULL, &fn);
  napi_set_named_property(env, exports, "gather", fn);
  napi_create_function(env, "latin1", NAPI_AUTO_LENGTH, latin1, NULL, &fn);
  napi_set_named_property(env, exports, "latin1", fn);
  return exports;
}
