/*
 * candidates.c's pass over a text of one width, included once per width: CH is the code unit (uint16_t for a UTF-16
 * text, uint8_t for a one-byte text, whose code units are its Latin-1 characters), CH_BYTES its size, and W(name)
 * names this width's copy of a function. Every function reads the text as code units below 65536, so each copy makes
 * the same events from the same characters; only the loads differ (a one-byte text is half the bytes to copy and read,
 * and needs no widening copy by V8 nor packing before the SSE2 masks).
 */

/* Whether t[0 .. len) holds the UTF-16 units u[0 .. len) (exact texts and the word table are UTF-16). */
static inline int W(same_units)(const CH *t, const uint16_t *u, size_t len) {
#if CH_BYTES == 2
  return memcmp(t, u, len * sizeof(uint16_t)) == 0;
#else
  for (size_t k = 0; k < len; k++) if (t[k] != u[k]) return 0;
  return 1;
#endif
}


/* \b[0-9]{4}[ -]?[0-9]{4} at i (the caller checked the word edge before i). */
static int W(card_digits)(const CH *t, size_t n, size_t i) {
  if (i + 8 > n) return 0;
  for (int k = 0; k < 4; k++) if (!is_digit(t[i + k])) return 0;
  size_t j = i + 4;
  if (t[j] == ' ' || t[j] == '-') j++;
  if (j + 4 > n) return 0;
  for (int k = 0; k < 4; k++) if (!is_digit(t[j + k])) return 0;
  return 1;
}

static int32_t W(run_length)(const CH *t, size_t n, size_t i, int alnum) {
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

/* creditCard over v[0 .. len): digits, spaces and hyphens (what the pattern matches). */
static int W(credit_card)(const CH *v, size_t len) {
  /* groupingOk: 4-4-4-4(-3), 4-4-4-1..7, Amex 4-6-5, Diners 4-6-4; one kind of separator throughout */
  int32_t sep = -1, groups = 0, glen = 0, first = 0, second_len = 0, head_of_fours = 1;
  uint32_t count = 0;
  for (size_t i = 0; i < len; i++) {
    uint16_t c = v[i];
    if (is_digit(c)) { glen++; count++; continue; }
    if (sep < 0) sep = c;
    else if (c != sep) return 0;
    if (glen != 4) head_of_fours = 0;
    if (groups == 0) first = glen;
    else if (groups == 1) second_len = glen;
    groups++;
    glen = 0;
  }
  if (!(sep < 0 || head_of_fours || (groups == 2 && first == 4 && second_len == 6 && (glen == 5 || glen == 4)))) return 0;
  if (count < 13 || count > 19) return 0;
  uint32_t k = 0, six = 0, sum = 0;
  int32_t second = -1;
  int same = 1;
  for (size_t i = 0; i < len; i++) {
    if (!is_digit(v[i])) continue;
    uint32_t d = v[i] - '0';
    if (k < 6) six = six * 10 + d;
    if (k == 1) second = (int32_t)d;
    else if (k > 1 && (int32_t)d != second) same = 0;
    if ((count - 1 - k) % 2 == 1) sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
    else sum += d;
    k++;
  }
  if (same) return 0;
  return sum % 10 == 0 && issuer_of(six, count);
}


static int W(card_confirm)(const CH *t, size_t n, size_t i) {
  if (i > 0 && (is_alnum(t[i - 1]) || (t[i - 1] == '-' && i > 1 && is_alnum(t[i - 2])))) return 0;
  size_t ends[19];
  size_t m = 0, j = i;
  while (j < n && m < 19 && is_digit(t[j])) {
    ends[m++] = ++j;
    if (j + 1 < n && (t[j] == ' ' || t[j] == '-') && is_digit(t[j + 1])) j++;
  }
  for (size_t k = m; k-- > 12;) {
    size_t e = ends[k];
    if (e < n && (is_alnum(t[e]) || (t[e] == '-' && e + 1 < n && is_alnum(t[e + 1])))) continue;
    return W(credit_card)(t + i, e - i);
  }
  return 0;
}

/* \b[A-Za-z]{2}[0-9]{2}[ -]?[0-9A-Za-z]{4}[ -]?[0-9A-Za-z]{4} at i. */
static int W(iban_prefix)(const CH *t, size_t n, size_t i) {
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

/*
 * The IBAN check at an ibanPrefix hit (engine/iban-confirm.ts): whether the catalog's IBAN rule of `total` letters and
 * digits, \bCC\d{2}(?:[ -]?[0-9A-Z]){total - 4}\b case-insensitive, matches at i (iban_prefix and the word edge before i
 * were checked) and its match passes validators/iban.ts: groups of four when written with separators (the last may be
 * shorter), then mod 97 of the value with its first four characters moved to the end is 1. The match is unique: a
 * repetition takes a separator only when a letter or digit follows it, and could not match the separator otherwise.
 */
static int W(iban_confirm)(const CH *t, size_t n, size_t i, uint32_t total) {
  uint8_t v[64]; /* the value's letters and digits, letters as 10..35 */
  size_t j = i;
  uint32_t k = 0, glen = 0;
  int grouped = 0;
  while (k < total) {
    if (k >= 4 && j + 1 < n && (t[j] == ' ' || t[j] == '-') && is_alnum(t[j + 1])) {
      if (glen != 4) grouped = -1;
      else if (grouped == 0) grouped = 1;
      glen = 0;
      j++;
    }
    if (j >= n || !is_alnum(t[j])) return 0;
    uint16_t c = t[j++];
    v[k++] = (uint8_t)(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    glen++;
  }
  if (j < n && is_word(t[j])) return 0; /* \b after the last letter or digit */
  if (grouped < 0 || (grouped > 0 && glen > 4)) return 0; /* written groups: fours, the last one to four */
  uint32_t rem = 0;
  for (uint32_t q = 0; q < total; q++) {
    uint8_t d = v[(q + 4) % total];
    rem = d < 10 ? (rem * 10 + d) % 97 : (rem * 100 + d) % 97;
  }
  return rem == 1;
}

/* \+[1-9][0-9]?[0-9]?[ .(-]{0,2}[0-9] at i (t[i] == '+'). Backtracking over the optional parts, as the regex does. */
static int W(intl_phone)(const CH *t, size_t n, size_t i) {
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

/* Whether some output of accepting state s, ending just before `end`, passes its checks (edges, exact text). */
static int W(edge_ok)(const Automaton *a, const CH *t, size_t n, size_t end, uint32_t s) {
  for (uint32_t k = a->out_start[s]; k < a->out_start[s + 1]; k++) {
    if (a->out_trail && a->out_trail[k] && end < n && is_kw_word(t[end])) continue;
    if (a->out_exact && a->out_exact[k] >= 0) {
      /* exact text ending at `end` (case-sensitive anchors have no trailing separators), word edge before it */
      const uint16_t *e = a->exact + a->out_exact[k];
      size_t len = e[0];
      if (len > end) continue;
      size_t from = end - len;
      if (!W(same_units)(t + from, e + 1, len)) continue;
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

/*
 * Whether a word of the table stands at i (t[i] is A-Z): the keyword word characters from i (at most word_max + 1 of
 * them) hashed, then the slots probed. Reports it as a kind 4 event at the word's end. The caller checked that t[i] is
 * A-Z after no ASCII letter or digit; a Latin-1 or Latin Extended letter before it is checked here.
 */

static inline int W(word_at)(const Automaton *a, const CH *t, size_t n, size_t i, size_t *end, uint32_t *ordinal) {
  const uint8_t *fl = a->shape_flags;
  if (i > 0 && (fl[t[i - 1]] & SH_KW)) return 0;
  /* The first three characters, those past the word's end as 0 (the text has NULs after it, so t[i + 2] exists). */
  uint16_t c1 = (fl[t[i + 1]] & SH_KW) && i + 1 < n ? t[i + 1] : 0;
  uint16_t c2 = c1 && (fl[t[i + 2]] & SH_KW) && i + 2 < n ? t[i + 2] : 0;
  uint32_t key = word_start_key(t[i], c1, c2);
  if (!(a->word_starts[key >> 5] >> (key & 31) & 1)) return 0;
  size_t j = i, stop = i + a->word_max + 1;
  uint32_t h = 0x811c9dc5u;
  while (j < n && j < stop && (fl[t[j]] & SH_KW)) h = word_hash_step(h, t[j++]);
  size_t len = j - i;
  if (len > a->word_max || (j < n && (fl[t[j]] & SH_KW))) return 0;
  h = word_hash_step(h, (uint16_t)len);
  for (uint32_t slot = h & a->word_mask;; slot = (slot + 1) & a->word_mask) {
    uint32_t at = a->word_slot[slot];
    if (at == 0) return 0;
    const uint16_t *w = a->words + at - 1;
    if (w[0] == len && W(same_units)(t + i, w + 1, len)) {
      *end = j;
      *ordinal = a->word_index[at - 1];
      return 1;
    }
  }
}

/*
 * One automaton step of chain k: no branch, and nothing but the next state kept (written to `out`, where accepting
 * states are found afterwards: they are numbered from first_accepting on). The chains' text pointers and states are the
 * loop's only per-chain registers, so none is spilled to the stack.
 */
#define STEP(k, chr)                                                                 \
  do {                                                                               \
    s##k = delta[(s##k << shift) | class_of[chr]];                                   \
    put[k] = (uint16_t)s##k;                                                         \
  } while (0)

/*
 * `steps` (at most ROUND) characters of each of the CHAINS chains, side by side. Not inlined: inside scan the
 * compiler kept the states on the stack (a store and a reload on each step's path). Chains 1-3 are read at their
 * distance from chain 0's pointer: one pointer to advance (with four, the one-byte copy kept two on the stack).
 */
__attribute__((noinline)) static void W(step_chains)(const Automaton *a, const CH *t, Chain *c, size_t steps) {
  const uint8_t *class_of = a->class_of;
  const uint16_t *delta = a->delta;
  const uint32_t shift = a->shift;
  uint16_t *put = a->out;
  const CH *p = t + c[0].i, *end = p + steps;
  const ptrdiff_t d1 = (ptrdiff_t)(c[1].i - c[0].i), d2 = (ptrdiff_t)(c[2].i - c[0].i), d3 = (ptrdiff_t)(c[3].i - c[0].i);
  uint32_t s0 = c[0].s, s1 = c[1].s, s2 = c[2].s, s3 = c[3].s;
  for (; p < end; p++, put += CHAINS) {
    STEP(0, p[0]); STEP(1, p[d1]); STEP(2, p[d2]); STEP(3, p[d3]);
  }
  c[0].s = s0, c[1].s = s1, c[2].s = s2, c[3].s = s3;
  for (size_t k = 0; k < CHAINS; k++) c[k].from = c[k].i, c[k].i += steps;
}

/* `steps` (at most ROUND) characters of one chain, as step_chains' lane 0. */
static void W(step_chain)(const Automaton *a, const CH *t, Chain *c, size_t steps) {
  const uint8_t *class_of = a->class_of;
  const uint16_t *delta = a->delta;
  const uint32_t shift = a->shift;
  uint16_t *put = a->out;
  const CH *p = t + c->i;
  uint32_t s0 = c->s;
  for (size_t r = 0; r < steps; r++, put += CHAINS) STEP(0, p[r]);
  c->s = s0;
  c->from = c->i;
  c->i += steps;
}
#undef STEP

/*
 * The accepting states the chains met in their last round of `steps` (lanes 0 .. chains - 1 of `out`): those whose
 * outputs pass their checks become events, chain by chain in text order. A separator steps to the state it leaves, so
 * an accepting state after a separator is the hit before it again (not reported twice). The hits are checked in one
 * pass over the round's entries, all lanes at once (a pass per lane tested each 64 entries four times, and that test
 * is as hard to predict as the hits are sparse); the few that pass are kept and reported lane by lane.
 */
static void W(report_hits)(const Automaton *a, const CH *t, size_t n, const Chain *c, size_t chains, size_t steps, Events *e) {
  uint64_t found[CHAINS * ROUND / 64];
  uint16_t kept[CHAINS * ROUND]; /* entries of `out` that pass, in entry order: each lane's in text order */
  size_t kept_count = 0;
  accepting(a->out, steps * CHAINS, a->first_accepting, found);
  size_t words = (steps * CHAINS + 63) / 64;
  /* CHAINS == 4: entry j is lane j % 4's; one chain (step_chain) writes lane 0 only, the others hold old states */
  const uint64_t lanes = chains == CHAINS ? ~0ull : 0x1111111111111111ull;
  for (size_t w = 0; w < words; w++) {
    for (uint64_t m = found[w] & lanes; m; m &= m - 1) {
      size_t j = w * 64 + (size_t)__builtin_ctzll(m), k = j % CHAINS, pos = c[k].from + j / CHAINS;
      uint16_t r = a->out[j];
      /* Most hits are a short keyword inside a longer word: rejected here on one flag, without edge_ok's loop. The
         text has NULs after it, so t[pos + 1] exists (and is no word character at the end). */
      int rejected = (a->class_of[t[pos]] == CLASS_SEP) | (a->trail_all[r] & (a->shape_flags[t[pos + 1]] >> SH_KW_BIT));
      if (pos >= c[k].report && !rejected && W(edge_ok)(a, t, n, pos + 1, a->state_id[r])) kept[kept_count++] = (uint16_t)j;
    }
  }
  for (size_t k = 0; k < chains && kept_count > 0; k++) {
    for (size_t q = 0; q < kept_count; q++) {
      size_t j = kept[q];
      if (j % CHAINS == k) emit(e, 0, c[k].from + j / CHAINS + 1, (int32_t)a->state_id[a->out[j]]);
    }
  }
}

/* Checks a shape gate candidate at i exactly and reports it. */
static void W(shape_at)(const Automaton *a, const CH *t, size_t n, size_t i, Events *e) {
  uint16_t chr = t[i];
  int edge = i == 0 || !is_word(t[i - 1]);
  if (is_digit(chr)) {
    const int confirm = (a->shapes & SHAPE_CONFIRM_CARD) != 0;
    if ((a->shapes & 1) && edge && (!confirm || may_start_card(chr)) && W(card_digits)(t, n, i) && (!confirm || W(card_confirm)(t, n, i))) {
      emit(e, 1, i, W(run_length)(t, n, i, 0));
    }
  } else if (is_alpha(chr)) {
    /* the pair's index is valid once t[i + 1] is an ASCII letter too (t[i] is) */
    size_t pair = is_alpha(t[i + 1]) ? (size_t)((chr | 0x20) - 'a') * 26 + ((t[i + 1] | 0x20) - 'a') : 0;
    /* No run reaches 255 (RUN_CAP): letters no action takes (hex ids' "cf", "bd") need neither the prefix checked nor
       the run measured. */
    if ((a->shapes & 2) && edge && (!a->iban_min || a->iban_min[pair] <= RUN_CAP) && W(iban_prefix)(t, n, i)) {
      int32_t run = W(run_length)(t, n, i, 1);
      if ((!a->iban_min || run >= a->iban_min[pair]) && (!a->iban_len || !a->iban_len[pair] || W(iban_confirm)(t, n, i, a->iban_len[pair]))) emit(e, 2, i, run);
    }
    size_t end;
    uint32_t ordinal;
    if (a->words && is_upper(chr) && W(word_at)(a, t, n, i, &end, &ordinal)) emit(e, 4, end, (int32_t)ordinal);
  } else if (chr == '+') {
    if ((a->shapes & 4) && W(intl_phone)(t, n, i)) emit(e, 3, i, 0);
  }
}

#if SIFT_SIMD
/* 16 characters as bytes: one load of a one-byte text; a UTF-16 text's two packed (signed saturation: 256..32767 →
   255, 32768.. → 0, neither of which the masks take). */
static inline __m128i W(bytes_at)(const CH *t) {
#if CH_BYTES == 1
  return _mm_loadu_si128((const __m128i *)t);
#else
  return _mm_packus_epi16(_mm_loadu_si128((const __m128i *)t), _mm_loadu_si128((const __m128i *)(t + 8)));
#endif
}

/* Masks of t[at .. at + 64) (the buffer holds 128 NULs after the text). */
static inline Masks W(masks_at)(const CH *t) {
  const __m128i digit_bias = _mm_set1_epi8((char)(0x80 - '0')), digit_top = _mm_set1_epi8((char)(-128 + 10));
  const __m128i alpha_bias = _mm_set1_epi8((char)(0x80 - 'a')), letter_top = _mm_set1_epi8((char)(-128 + 26));
  const __m128i upper_bias = _mm_set1_epi8((char)(0x80 - 'A')), fold = _mm_set1_epi8(0x20), plus = _mm_set1_epi8('+');
  Masks m = { 0, 0, 0, 0 };
  for (int k = 0; k < 4; k++) {
    __m128i b = W(bytes_at)(t + 16 * k);
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(b, digit_bias), digit_top);
    __m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(b, fold), alpha_bias), letter_top);
    __m128i upper = _mm_cmplt_epi8(_mm_add_epi8(b, upper_bias), letter_top);
    const int at = 16 * k;
    m.digit |= (uint64_t)(uint32_t)_mm_movemask_epi8(digit) << at;
    m.alpha |= (uint64_t)(uint32_t)_mm_movemask_epi8(alpha) << at;
    m.upper |= (uint64_t)(uint32_t)_mm_movemask_epi8(upper) << at;
    m.plus |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b, plus)) << at;
  }
  return m;
}

#if CH_BYTES == 1 && SIFT_AVX2
/* masks_at with AVX2 (32 characters a vector): the same masks, for a processor that has it (scan_text asks). */
__attribute__((target("avx2"))) static inline Masks W(masks_at_avx2)(const CH *t) {
  const __m256i digit_bias = _mm256_set1_epi8((char)(0x80 - '0')), digit_top = _mm256_set1_epi8((char)(-128 + 10));
  const __m256i alpha_bias = _mm256_set1_epi8((char)(0x80 - 'a')), letter_top = _mm256_set1_epi8((char)(-128 + 26));
  const __m256i upper_bias = _mm256_set1_epi8((char)(0x80 - 'A')), fold = _mm256_set1_epi8(0x20), plus = _mm256_set1_epi8('+');
  Masks m = { 0, 0, 0, 0 };
  for (int k = 0; k < 2; k++) {
    __m256i b = _mm256_loadu_si256((const __m256i *)(t + 32 * k));
    __m256i digit = _mm256_cmpgt_epi8(digit_top, _mm256_add_epi8(b, digit_bias));
    __m256i alpha = _mm256_cmpgt_epi8(letter_top, _mm256_add_epi8(_mm256_or_si256(b, fold), alpha_bias));
    __m256i upper = _mm256_cmpgt_epi8(letter_top, _mm256_add_epi8(b, upper_bias));
    const int at = 32 * k;
    m.digit |= (uint64_t)(uint32_t)_mm256_movemask_epi8(digit) << at;
    m.alpha |= (uint64_t)(uint32_t)_mm256_movemask_epi8(alpha) << at;
    m.upper |= (uint64_t)(uint32_t)_mm256_movemask_epi8(upper) << at;
    m.plus |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, plus)) << at;
  }
  return m;
}
#define MASKS_AT(t) (avx2 ? W(masks_at_avx2)(t) : W(masks_at)(t))
#else
#define MASKS_AT(t) W(masks_at)(t)
#endif

/* The pass over the masks; avx2 (a constant where it is inlined): which masks_at. */
static inline __attribute__((always_inline)) void W(shape_pass_with)(const Automaton *a, const CH *t, size_t n, Events *e, int avx2) {
  (void)avx2;
  const uint64_t want_card = (a->shapes & 1) ? ~0ull : 0, want_iban = (a->shapes & 2) ? ~0ull : 0;
  const uint64_t want_phone = (a->shapes & 4) ? ~0ull : 0, want_words = a->words ? ~0ull : 0;
  Masks cur = MASKS_AT(t);
  uint64_t alnum_before = 0; /* bit 63: the character before this block is an ASCII letter or digit */
  for (size_t base = 0; base < n; base += 64) {
    Masks next = MASKS_AT(t + base + 64);
    uint64_t alnum = cur.digit | cur.alpha;
    uint64_t after_alnum = (alnum << 1) | alnum_before;
    uint64_t d1 = AHEAD(cur.digit, next.digit, 1), d2 = AHEAD(cur.digit, next.digit, 2), d3 = AHEAD(cur.digit, next.digit, 3);
    uint64_t four = cur.digit & d1 & d2 & d3; /* four digits from i (bits 61..63 from the next block) */
    /* the next block's bits 0..4 (all that is read of it below) need only its own digits */
    uint64_t four_next = next.digit & (next.digit >> 1) & (next.digit >> 2) & (next.digit >> 3);
    /* card_digits: four digits, one optional space or hyphen, four digits (most four-digit runs are years and times);
       any non-digit stands for the space or hyphen here (a mask of those cost more than the few candidates it spares) */
    uint64_t card = four & (AHEAD(four, four_next, 4) | (~AHEAD(cur.digit, next.digit, 4) & AHEAD(four, four_next, 5)));
    uint64_t iban = cur.alpha & AHEAD(cur.alpha, next.alpha, 1) & d2 & d3;
    uint64_t phone = cur.plus & d1;
    uint64_t found = ((((card & want_card) | (iban & want_iban)) | (cur.upper & want_words)) & ~after_alnum) | (phone & want_phone);
    while (found) {
      size_t i = base + (size_t)__builtin_ctzll(found);
      found &= found - 1;
      if (i < n) W(shape_at)(a, t, n, i, e);
    }
    alnum_before = alnum >> 63;
    cur = next;
  }
}
#undef MASKS_AT

#if CH_BYTES == 1 && SIFT_AVX2
__attribute__((target("avx2"))) static void W(shape_pass_avx2)(const Automaton *a, const CH *t, size_t n, Events *e) {
  W(shape_pass_with)(a, t, n, e, 1);
}
#endif

static void W(shape_pass)(const Automaton *a, const CH *t, size_t n, Events *e) {
#if CH_BYTES == 1 && SIFT_AVX2
  if (a->avx2) {
    W(shape_pass_avx2)(a, t, n, e);
    return;
  }
#endif
  W(shape_pass_with)(a, t, n, e, 0);
}
#else
/* Without SSE2: the same candidates one character at a time, with the flags of t[i - 1] .. t[i + 3] in a window. */
static void W(shape_pass)(const Automaton *a, const CH *t, size_t n, Events *e) {
  const uint8_t *fl = a->shape_flags;
  const uint64_t want_card = (a->shapes & 1) ? 1 : 0, want_iban = (a->shapes & 2) ? 1 : 0, want_phone = (a->shapes & 4) ? 1 : 0;
  const uint64_t want_words = a->words ? 1 : 0;
  uint32_t *cand = a->hit_pos;
  /* bytes, low to high: flags of t[i + 3], t[i + 2], t[i + 1], t[i], t[i - 1] */
  uint64_t w = ((uint64_t)fl[t[0]] << 16) | ((uint64_t)fl[t[1]] << 8) | fl[t[2]];
  for (size_t base = 0; base < n; base += ROUND) {
    size_t end = base + ROUND < n ? base + ROUND : n, found = 0;
    for (size_t i = base; i < end; i++) {
      w = (w << 8) | fl[t[i + 3]];
      uint64_t edge = ((w >> 32) & SH_WORD) == 0;
      uint64_t card = (w & 0x01010101u) == 0x01010101u;
      uint64_t iban = (w & 0x02020101u) == 0x02020101u;
      uint64_t phone = (w & ((uint64_t)SH_PLUS << 24 | (uint64_t)SH_DIGIT19 << 16)) == ((uint64_t)SH_PLUS << 24 | (uint64_t)SH_DIGIT19 << 16);
      cand[found] = (uint32_t)i;
      uint64_t word = ((w >> 24) & SH_UPPER) != 0 && ((w >> 32) & (SH_DIGIT | SH_ALPHA)) == 0;
      found += (edge & ((card & want_card) | (iban & want_iban))) | (phone & want_phone) | (word & want_words);
    }
    for (size_t k = 0; k < found; k++) W(shape_at)(a, t, n, cand[k], e);
  }
}
#endif

/* The events of t[0 .. n) (the buffer holds SHAPE_PAD NULs after it). */
static void W(scan_text)(const Automaton *a, const CH *t, size_t n, Events *e) {
  /*
   * Segment k starts early enough to be in the state one scan from the start of the text would be in when it reaches
   * the segment's first character: the state is the longest suffix of the text read that begins a literal, at most
   * max_depth non-separator characters, so reading max_depth of them before the segment reproduces it. It reports
   * nothing before its first character (the segment before reports those).
   */
  Chain ch[CHAINS];
  size_t chains = n >= CHAIN_MIN_LENGTH ? CHAINS : 1;
  for (size_t k = 0; k < chains; k++) {
    size_t from = n * k / chains;
    size_t start = from, seen = 0;
    while (start > 0 && seen < a->max_depth) {
      start--;
      if (a->class_of[t[start]] != CLASS_SEP) seen++;
    }
    ch[k].i = start;
    ch[k].report = from;
    ch[k].end = n * (k + 1) / chains;
    ch[k].s = 0;
  }
  if (chains == CHAINS) {
    for (;;) {
      size_t steps = ROUND;
      for (size_t k = 0; k < CHAINS; k++) if (ch[k].end - ch[k].i < steps) steps = ch[k].end - ch[k].i;
      if (steps == 0) break;
      W(step_chains)(a, t, ch, steps);
      W(report_hits)(a, t, n, ch, CHAINS, steps, e);
    }
  }
  for (size_t k = 0; k < chains; k++) {
    while (ch[k].i < ch[k].end) {
      size_t steps = ch[k].end - ch[k].i < ROUND ? ch[k].end - ch[k].i : ROUND;
      W(step_chain)(a, t, &ch[k], steps);
      W(report_hits)(a, t, n, &ch[k], 1, steps, e);
    }
  }
  if (a->shapes || a->words) W(shape_pass)(a, t, n, e);
}
