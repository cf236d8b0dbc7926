/* fuzz_decode.c: libFuzzer target for encoding detection and the decoders
 * (ingest/encoding.h).
 *
 * The first input byte seeds the chunk sizes (1..64 bytes, drawn from a small
 * generator) or, at 0xF0 and above, makes one allocation fail. Whatever the
 * input: detection gives a known verdict with a reason; every decoder gives
 * the same text and replacement count in random chunks as in one piece, never
 * more than 3 * n + 8 bytes for n bytes fed; UTF-16 and GB18030 output is
 * valid UTF-8; UTF-8 output is the input without a leading byte order mark. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "ingest/encoding.h"
#include "utf8_check.h"

typedef struct {
  ls_status st;
  uint8_t *s;
  size_t n;
  uint64_t replaced;
} decoded;

static int append(decoded *r, const char *s, size_t n, size_t fed) {
  if (n > 3 * fed + 8) return 0;
  uint8_t *p = realloc(r->s, r->n + n + 1);
  if (!p) abort();
  r->s = p;
  memcpy(r->s + r->n, s, n);
  r->n += n;
  return 1;
}

/* Decode data in chunks from the generator state *seed (0: one piece). */
static decoded decode(ls_encoding enc, const uint8_t *data, size_t size, uint32_t seed) {
  decoded r = {LS_OK, NULL, 0, 0};
  ls_decoder *d = ls_decoder_new(enc);
  if (!d) {
    r.st = LS_ENOMEM;
    return r;
  }
  const char *out;
  size_t outn;
  for (size_t at = 0; at < size && r.st == LS_OK;) {
    size_t k = size - at;
    if (seed) {
      seed ^= seed << 13;
      seed ^= seed >> 17;
      seed ^= seed << 5;
      if (k > seed % 64 + 1) k = seed % 64 + 1;
    }
    r.st = ls_decoder_feed(d, data + at, k, &out, &outn);
    if (r.st == LS_OK && !append(&r, out, outn, k)) abort();
    at += k;
  }
  if (r.st == LS_OK) r.st = ls_decoder_finish(d, &out, &outn);
  if (r.st == LS_OK && !append(&r, out, outn, 0)) abort();
  r.replaced = ls_decoder_replaced(d);
  ls_decoder_free(d);
  return r;
}

static void check_detect(const uint8_t *data, size_t size, int whole) {
  ls_encoding_guess g;
  ls_encoding_detect(data, size, whole, &g);
  if ((unsigned)g.enc > LS_ENC_BINARY || !g.reason || !g.reason[0]) abort();
  if (g.bom < 0 || (size_t)g.bom > size || (g.bom && g.enc == LS_ENC_BINARY)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  data++;
  size--;
  check_detect(data, size, 0);
  check_detect(data, size, 1);
  for (int e = LS_ENC_UTF8; e <= LS_ENC_GB18030; e++) {
    ls_encoding enc = (ls_encoding)e;
    if (mode >= 0xF0) { /* fail one allocation */
      ls_alloc_fail_after((unsigned long)(mode - 0xEF) * (size % 7 + 1) % 4 + 1);
      decoded r = decode(enc, data, size, mode);
      ls_alloc_fail_after(0);
      if (r.st != LS_OK && r.st != LS_ENOMEM) abort();
      free(r.s);
      continue;
    }
    decoded whole = decode(enc, data, size, 0);
    decoded chunked = decode(enc, data, size, (uint32_t)mode * 2654435761u + 1);
    if (whole.st != LS_OK || chunked.st != LS_OK) abort();
    if (whole.n != chunked.n || (whole.n && memcmp(whole.s, chunked.s, whole.n) != 0)) abort();
    if (whole.replaced != chunked.replaced) abort();
    if (enc == LS_ENC_UTF8) {
      size_t bom = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
      if (whole.n != size - bom || (whole.n && memcmp(whole.s, data + bom, whole.n) != 0)) abort();
      if (whole.replaced != 0) abort();
    } else if (!valid_utf8((const char *)whole.s, whole.n)) {
      abort();
    }
    free(whole.s);
    free(chunked.s);
  }
  return 0;
}
