/*
 * The delimited reader's data-row pass in C (issue 12): reads a part of a decoded chunk (written once per chunk by
 * src/extract/csv.ts: its Latin-1 bytes in a Uint8Array when every character is at most U+00FF, else its UTF-16 code
 * units in a Uint16Array; the passes for both widths are csv-split-units.h) and writes the whole data cells it finds as
 * [start, end, row, column] into a caller-supplied Int32Array, so JavaScript only slices the cells it hands on.
 *
 * It is DelimitedParser.parseRows, cell for cell: unquoted cells, and quoted cells that close in the part with no
 * escaped quote and a delimiter or newline right after the closing quote. At anything else (a cell cut by the part's
 * end, one of maxField characters or more, an escaped quote or text after a closing quote) it stops at that cell's
 * start and the JavaScript general path reads it, as before. It also stops after the cell that fills the batch
 * (chars or count at their limits) and when the cell array is full, always at a field start. Empty cells are not
 * written (they only move the column). No allocation, no state of its own: everything lives in the caller's arrays.
 *
 * split(units: Uint16Array | Uint8Array, state: Int32Array(STATE_SLOTS), cells: Int32Array) → next index
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

#define GATHER_MAX 4096
#define SCRATCH_AT (4 * GATHER_MAX)
#define META_INTS (8 * GATHER_MAX)
#define RS 0x1e

typedef struct {
  const void *s; /* the units: uint16_t or uint8_t, as the pass run over them */
  int32_t to, max_field, max_chars, max_count;
  uint16_t d;
  int quoting;
  int32_t row, column, chars, count, after_cr;
  int32_t *cells;
  size_t ncells, cap; /* cells written, cells that fit */
} Pass;

/*
 * Sixteen bytes at a time where SSE2 is there (every x86-64): eight UTF-16 units or sixteen Latin-1 bytes. A cell
 * averages ~10 characters, so one compare usually finds its end.
 */
#if defined(__SSE2__)
#include <emmintrin.h>
/* Units a row pass's window covers: where the delimiter and newlines stand among them, one bit each. */
#define WINDOW 64
typedef struct {
  int32_t base; /* the window's first index (-WINDOW: none yet) */
  uint64_t bits; /* bit k: unit base + k is the delimiter, LF or CR */
} Window;
#endif
#define UNIT uint16_t
#define UNITS(name) name##16
#include "csv-split-units.h"
#undef UNIT
#undef UNITS
#define UNIT uint8_t
#define UNITS(name) name##8
#include "csv-split-units.h"
#undef UNIT
#undef UNITS

/* split's and gather's units: a chunk's UTF-16, or its Latin-1 bytes when every character is at most U+00FF. */
static const napi_typedarray_type SPLIT16_TYPES[] = {napi_uint16_array, napi_int32_array, napi_int32_array};
static const napi_typedarray_type SPLIT8_TYPES[] = {napi_uint8_array, napi_int32_array, napi_int32_array};
#define ARGS (sizeof SPLIT16_TYPES / sizeof SPLIT16_TYPES[0])

static int in_range(int32_t v, int32_t lo) { return v >= lo && v <= LIMIT_IN; }

static napi_value split(napi_env env, napi_callback_info info) {
  void *data[ARGS];
  size_t len[ARGS]; /* in elements */
  int wide = typed_args(env, info, SPLIT16_TYPES, ARGS, data, len);
  if ((!wide && !typed_args(env, info, SPLIT8_TYPES, ARGS, data, len)) || len[1] < STATE_SLOTS) {
    napi_throw_type_error(env, NULL, "split: (Uint16Array or Uint8Array, Int32Array(13), Int32Array) expected");
    return NULL;
  }
  int32_t *st = (int32_t *)data[1];
  int32_t from = st[S_FROM], to = st[S_TO];
  /* The part lies in the units; the counters cannot overflow (LIMIT_IN); a delimiter is one unit of their width. */
  if (from < 0 || to < from || (size_t)to > len[0] || to > LIMIT_IN || st[S_DELIMITER] < 0 || st[S_DELIMITER] > (wide ? 0xffff : 0xff) ||
      !in_range(st[S_MAX_FIELD], 1) || st[S_MAX_CHARS] < 0 || st[S_MAX_COUNT] < 0 || !in_range(st[S_ROW], 1) ||
      !in_range(st[S_COLUMN], 1) || !in_range(st[S_CHARS], 0) || !in_range(st[S_COUNT], 0)) {
    napi_throw_range_error(env, NULL, "split: state out of range");
    return NULL;
  }
  Pass p;
  p.s = data[0];
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
  int32_t end = wide ? run16(&p, from) : run8(&p, from);
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
 * gather(units, cells, g: Int32Array [ncells, orderBase, at], joined, meta: Int32Array, out: Int32Array) → columns,
 * or -1; `units` and `joined` both Uint16Array or both Uint8Array (Latin-1).
 *
 * The cells split wrote (cells[0, 4 * ncells)) grouped by column, in the order each column first appears: each
 * column's cells copied into `joined` one after another, a RECORD_SEPARATOR after each, columns side by side. Per
 * column, meta[4c ..] = [column, end of its text in joined, end of its cells, its longest cell] (a column's text
 * starts one unit past the previous one's end; its cells where the previous one's end); per cell, in that grouped order,
 * out[3 * (at + k) ..] = [start in its column's text, row, orderBase + its index in `cells`] (`out` is the batch's:
 * the caller keeps views of it). -1 when the columns span GATHER_MAX or more, or `joined` is too short: the caller
 * then slices the cells one by one.
 */
static const napi_typedarray_type GATHER16_TYPES[] = {napi_uint16_array, napi_int32_array, napi_int32_array, napi_uint16_array, napi_int32_array, napi_int32_array};
static const napi_typedarray_type GATHER8_TYPES[] = {napi_uint8_array, napi_int32_array, napi_int32_array, napi_uint8_array, napi_int32_array, napi_int32_array};
#define GATHER_ARGS (sizeof GATHER16_TYPES / sizeof GATHER16_TYPES[0])

static napi_value gather(napi_env env, napi_callback_info info) {
  void *data[GATHER_ARGS];
  size_t len[GATHER_ARGS];
  int wide = typed_args(env, info, GATHER16_TYPES, GATHER_ARGS, data, len);
  if ((!wide && !typed_args(env, info, GATHER8_TYPES, GATHER_ARGS, data, len)) || len[2] < 3 || len[4] < META_INTS) {
    napi_throw_type_error(env, NULL, "gather: (Uint16Array, Int32Array, Int32Array(3), Uint16Array, Int32Array(8 * 4096), Int32Array) expected, or Uint8Arrays for both unit arrays");
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
  const int32_t *cells = (const int32_t *)data[1];
  int32_t *meta = (int32_t *)data[4], *out = (int32_t *)data[5] + 3 * (size_t)at;
  int32_t r = wide ? gather_cells16((const uint16_t *)data[0], len[0], cells, ncells, base, (uint16_t *)data[3], len[3], meta, out)
                   : gather_cells8((const uint8_t *)data[0], len[0], cells, ncells, base, (uint8_t *)data[3], len[3], meta, out);
  if (r == -2) {
    napi_throw_range_error(env, NULL, "gather: a cell out of range");
    return NULL;
  }
  napi_value out_value;
  napi_create_int32(env, r, &out_value);
  return out_value;
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
