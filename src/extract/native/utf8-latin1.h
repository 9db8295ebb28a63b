/*
 * UTF-8 whose every character is at most U+00FF, as Latin-1 bytes (issue 12): decode.ts then makes the chunk's string
 * with a Latin-1 copy (`Buffer#toString('latin1')`) instead of V8's UTF-8 decoder (~23 instructions a byte; the
 * largest cost of a CSV scan outside the engine). Such text is one-byte in V8 either way, so the string is the same.
 *
 * Only ASCII and the two-byte sequences C2 80 .. C3 BF are taken (exactly U+0080 .. U+00FF: C0 and C1 would be
 * overlong, C4 and up above U+00FF); at any other byte it returns -1 and the caller decodes as before.
 */
#ifndef SIFT_UTF8_LATIN1_H
#define SIFT_UTF8_LATIN1_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * Writes the Latin-1 reading of s[0, n) to out (which holds at least n bytes) and returns its length, or -1. Each
 * character takes one output byte for one or two input bytes, so o <= i throughout: every write is below i + 16 <= n
 * (blocks) or i < n (one byte), hence below n. Reads: blocks only when i + 16 <= n; s[i + 1] only when i + 1 < n.
 */
static ptrdiff_t utf8_to_latin1(const uint8_t *s, size_t n, uint8_t *out) {
  size_t i = 0, o = 0;
  while (i < n) {
#if defined(__SSE2__)
    if (i + 16 <= n) {
      __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
      unsigned high = (unsigned)_mm_movemask_epi8(v);
      if (high == 0) {
        _mm_storeu_si128((__m128i *)(out + o), v);
        i += 16;
        o += 16;
        continue;
      }
      /* The ASCII bytes before the first high one, then that character below. */
      unsigned ascii = (unsigned)__builtin_ctz(high);
      memmove(out + o, s + i, ascii);
      i += ascii;
      o += ascii;
    }
#endif
    uint8_t b = s[i];
    if (b < 0x80) {
      out[o++] = b;
      i++;
    } else if ((b == 0xc2 || b == 0xc3) && i + 1 < n && (s[i + 1] & 0xc0) == 0x80) {
      out[o++] = (uint8_t)(((b & 0x03) << 6) | (s[i + 1] & 0x3f));
      i += 2;
    } else {
      return -1;
    }
  }
  return (ptrdiff_t)o;
}

#endif
