/*
 * csv-split.c's passes over one width of code unit, included once per width: UNIT is the unit's type (uint16_t: a
 * chunk's UTF-16; uint8_t: a chunk whose characters are all at most U+00FF, as Latin-1 bytes, half the bytes to read
 * and copy), UNITS(name) names this width's functions. The two widths read the same cells at the same indices.
 *
 * Needs, before inclusion: Pass, CELL_INTS, LF, CR, QUOTE, RS, GATHER_MAX, SCRATCH_AT, <string.h>, <stdint.h> and,
 * where __SSE2__ is defined, <emmintrin.h>, Window and WINDOW.
 */
#if !defined(UNIT) || !defined(UNITS)
#error "define UNIT and UNITS before including csv-split-units.h"
#endif

#if defined(__SSE2__)
/* Units a 16-byte block holds; a block's compare mask has sizeof(UNIT) bits per unit. */
#define UNITS_PER_BLOCK (16 / (int32_t)sizeof(UNIT))
/* Bit k * sizeof(UNIT) (and the next ones) set where unit k of the block at s + k0 equals a, b or c. */
static inline unsigned UNITS(block_mask)(const UNIT *s, int32_t k0, __m128i a, __m128i b, __m128i c) {
  __m128i v = _mm_loadu_si128((const __m128i *)(s + k0));
  __m128i m = sizeof(UNIT) == 1 ? _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b)), _mm_cmpeq_epi8(v, c))
                                : _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(v, a), _mm_cmpeq_epi16(v, b)), _mm_cmpeq_epi16(v, c));
  return (unsigned)_mm_movemask_epi8(m);
}
/* A unit's value in every lane of a block. */
static inline __m128i UNITS(splat)(UNIT c) { return sizeof(UNIT) == 1 ? _mm_set1_epi8((char)c) : _mm_set1_epi16((short)c); }
/* The first matching unit of a nonzero block mask. */
#define FIRST_IN(m) ((int32_t)__builtin_ctz(m) / (int32_t)sizeof(UNIT))
#endif

/* The first index in [from, limit) holding `c`, or -1. A block is loaded only when all of it lies below `limit`. */
static int32_t UNITS(find)(const UNIT *s, int32_t from, int32_t limit, UNIT c) {
  int32_t k = from;
#if defined(__SSE2__)
  __m128i q = UNITS(splat)(c);
  for (; k + UNITS_PER_BLOCK <= limit; k += UNITS_PER_BLOCK) {
    unsigned m = UNITS(block_mask)(s, k, q, q, q);
    if (m) return k + FIRST_IN(m);
  }
#endif
  for (; k < limit; k++)
    if (s[k] == c) return k;
  return -1;
}

#if !defined(__SSE2__)
/* The first index in [from, limit) holding d, LF or CR, or `limit` (with SSE2: field_end_w). */
static int32_t UNITS(field_end)(const UNIT *s, int32_t from, int32_t limit, UNIT d) {
  for (int32_t k = from; k < limit; k++) {
    UNIT c = s[k];
    if (c == d || c == LF || c == CR) return k;
  }
  return limit;
}
#endif

#if defined(__SSE2__)
/* Bit k set where unit k0 + k (k < 16) equals d, LF or CR: one block of bytes, or two of UTF-16 packed to bytes. */
static inline unsigned UNITS(mask16)(const UNIT *s, int32_t k0, __m128i vd, __m128i lf, __m128i cr) {
  if (sizeof(UNIT) == 1) return UNITS(block_mask)(s, k0, vd, lf, cr);
  __m128i a = _mm_loadu_si128((const __m128i *)(s + k0)), b = _mm_loadu_si128((const __m128i *)(s + k0 + 8));
  a = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(a, vd), _mm_cmpeq_epi16(a, lf)), _mm_cmpeq_epi16(a, cr));
  b = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(b, vd), _mm_cmpeq_epi16(b, lf)), _mm_cmpeq_epi16(b, cr));
  return (unsigned)_mm_movemask_epi8(_mm_packs_epi16(a, b)); /* 0xffff packs to 0xff, 0 to 0 */
}

/*
 * field_end through a Window: the first index in [from, limit) holding d, LF or CR, or `limit`. A window covers the
 * WINDOW units from its base, loaded only when all of them lie below `n`; past the last one that fits, a unit at a
 * time. Cells average ~10 units, so a window serves several and most cells' ends cost a shift and a bit count.
 */
static inline int32_t UNITS(field_end_w)(const UNIT *s, int32_t from, int32_t limit, int32_t n, UNIT d, __m128i vd, __m128i lf,
                                         __m128i cr, Window *w) {
  int32_t k = from;
  while (k < limit) {
    int32_t off = k - w->base; /* k >= 0 and base >= -WINDOW: no overflow */
    if (off >= 0 && off < WINDOW) {
      uint64_t m = w->bits >> off;
      if (m) {
        int32_t j = k + (int32_t)__builtin_ctzll(m);
        return j < limit ? j : limit;
      }
      k = w->base + WINDOW;
      continue;
    }
    if (k > n - WINDOW) break; /* no window fits below n */
    w->base = k;
    w->bits = (uint64_t)UNITS(mask16)(s, k, vd, lf, cr) | (uint64_t)UNITS(mask16)(s, k + 16, vd, lf, cr) << 16 |
              (uint64_t)UNITS(mask16)(s, k + 32, vd, lf, cr) << 32 | (uint64_t)UNITS(mask16)(s, k + 48, vd, lf, cr) << 48;
  }
  for (; k < limit; k++) {
    UNIT c = s[k];
    if (c == d || c == LF || c == CR) return k;
  }
  return limit;
}
#endif

/*
 * Whole data cells from `i` (a field start) until a cell JavaScript must read, the part's end, a full batch or a full
 * cell array; returns where it stopped (a field start). Every read is below p->to (checked on entry against the units).
 * The delimiter fits a UNIT (checked on entry).
 */
static int32_t UNITS(run)(Pass *p, int32_t i) {
  const UNIT *s = (const UNIT *)p->s;
  const int32_t n = p->to;
  const UNIT d = (UNIT)p->d;
#if defined(__SSE2__)
  const __m128i vd = UNITS(splat)(d), lf = UNITS(splat)(LF), cr = UNITS(splat)(CR);
  Window w = {-WINDOW, 0}; /* covers no index: the first cell loads one */
#endif
  while (i < n) {
    if (p->ncells == p->cap) break; /* room for this cell's entry */
    int32_t start = i, j = i;
    UNIT c = s[i];
    if (c == QUOTE && p->quoting) {
      /*
       * parseRows takes the next quote (indexOf) and breaks when the cell would be maxField or longer; looking no
       * further than that length breaks at the same cells. The quote must not be the part's last unit.
       */
      int32_t limit = n - (i + 1) > p->max_field ? i + 1 + p->max_field : n;
      int32_t q = UNITS(find)(s, i + 1, limit, QUOTE);
      if (q < 0 || q + 1 == n) break;
      c = s[q + 1]; /* q + 1 < n */
      if (c != d && c != LF && c != CR) break;
      start = i + 1;
      j = q;
    } else {
      /* Up to the delimiter or newline; one of maxField units or more, or cut by the part's end, is not ours. */
      int32_t limit = n - i > p->max_field ? i + p->max_field : n;
#if defined(__SSE2__)
      j = UNITS(field_end_w)(s, i, limit, n, d, vd, lf, cr, &w);
#else
      j = UNITS(field_end)(s, i, limit, d);
#endif
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

/*
 * n units from src to dst (separate arrays), nothing outside [src, src + n) read or [dst, dst + n) written: a cell
 * averages ~10 units, and a libc memcpy call per cell cost more than these few moves. Each pair of moves covers the
 * range from both ends (they overlap when n is not a multiple of the width).
 */
static inline void UNITS(copy)(UNIT *dst, const UNIT *src, size_t n) {
  size_t bytes = n * sizeof(UNIT);
  unsigned char *to = (unsigned char *)dst;
  const unsigned char *from = (const unsigned char *)src;
#if defined(__SSE2__)
  if (bytes >= 16) {
    for (size_t k = 0; k + 16 < bytes; k += 16) _mm_storeu_si128((__m128i *)(to + k), _mm_loadu_si128((const __m128i *)(from + k)));
    _mm_storeu_si128((__m128i *)(to + bytes - 16), _mm_loadu_si128((const __m128i *)(from + bytes - 16)));
    return;
  }
#else
  if (bytes >= 16) {
    memcpy(to, from, bytes);
    return;
  }
#endif
  if (bytes >= 8) {
    uint64_t head, tail;
    memcpy(&head, from, 8);
    memcpy(&tail, from + bytes - 8, 8);
    memcpy(to, &head, 8);
    memcpy(to + bytes - 8, &tail, 8);
  } else if (bytes >= 4) {
    uint32_t head, tail;
    memcpy(&head, from, 4);
    memcpy(&tail, from + bytes - 4, 4);
    memcpy(to, &head, 4);
    memcpy(to + bytes - 4, &tail, 4);
  } else if (bytes >= 2) {
    uint16_t head, tail;
    memcpy(&head, from, 2);
    memcpy(&tail, from + bytes - 2, 2);
    memcpy(to, &head, 2);
    memcpy(to + bytes - 2, &tail, 2);
  } else if (bytes == 1) {
    to[0] = from[0];
  }
}

/* gather's layout for this width (see gather in csv-split.c): columns, -1 (declined) or -2 (a cell out of range). */
static int32_t UNITS(gather_cells)(const UNIT *units, size_t nunits, const int32_t *cells, int32_t ncells, int32_t base, UNIT *joined,
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
    UNITS(copy)(joined + pos, units + e[0], (size_t)n); /* pos + n < total <= njoined; e[1] <= nunits */
    joined[pos + n] = RS;
    len[w] = pos + n + 1;
    int32_t *o = out + 3 * longest[w]++; /* < out + 3 * ncells */
    o[0] = pos - at[w];
    o[1] = e[2];
    o[2] = base + k;
  }
  return ncols;
}

#if defined(__SSE2__)
#undef UNITS_PER_BLOCK
#undef FIRST_IN
#endif
