/* decoder.c: the streaming decoders of encoding.h.
 *
 * UTF-8 passes through, minus a byte order mark that may arrive one byte per
 * call. UTF-16 and GB18030 decode each chunk into one buffer of 3 bytes per
 * input byte (the worst case: one bad byte becomes the 3 bytes of U+FFFD).
 * A chunk that ends inside a character leaves at most 3 bytes pending; the
 * next call decodes them together with its first 4 bytes in a small scratch
 * array, which always completes a character begun in the pending bytes. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "ingest/encoding.h"
#include "ingest/encoding_internal.h"

#define PEND_MAX 3
#define BUF_MIN 64

struct ls_decoder {
  ls_encoding enc;
  ls_status status; /* the first error, returned ever after */
  int finished;
  int start;        /* nothing decoded yet: a leading U+FEFF is dropped */
  uint8_t pend[PEND_MAX];
  size_t npend;
  uint8_t *buf;
  size_t cap;
  uint64_t replaced;
};

static const uint8_t utf8_bom[3] = {0xEF, 0xBB, 0xBF};

/* ---- private ---- */

static size_t utf16_decode(const uint8_t *in, size_t n, int be, uint8_t *out, size_t *outn,
                           uint64_t *replaced) {
  uint8_t *o = out + *outn;
  size_t i = 0, lo = be ? 1 : 0; /* offset of a unit's low byte */
  uint64_t bad = 0;
  while (i < n) {
    while (n - i >= 2 && in[i + 1 - lo] == 0 && in[i + lo] < 0x80) { /* ASCII */
      *o++ = in[i + lo];
      i += 2;
    }
    uint32_t cp;
    size_t k = i < n ? ls_utf16_step(in + i, n - i, be, &cp) : 0;
    if (k == 0) break;
    i += k;
    bad += cp == LS_CP_BAD;
    o += ls_put_utf8(o, cp);
  }
  *outn = (size_t)(o - out);
  *replaced += bad;
  return i;
}

/* Decode in[0..n) after the decoder's encoding into d->buf at *outn. */
static size_t decode(ls_decoder *d, const uint8_t *in, size_t n, size_t *outn) {
  if (d->enc == LS_ENC_GB18030) return ls_gb18030_decode(in, n, d->buf, outn, &d->replaced);
  return utf16_decode(in, n, d->enc == LS_ENC_UTF16BE, d->buf, outn, &d->replaced);
}

static ls_status fail(ls_decoder *d, ls_status st, const char **out, size_t *outn) {
  if (d->status == LS_OK) d->status = st;
  *out = "";
  *outn = 0;
  return d->status;
}

/* UTF-8: strip a byte order mark, pass the rest through. */
static ls_status feed_utf8(ls_decoder *d, const uint8_t *in, size_t n, const char **out,
                           size_t *outn) {
  *out = (const char *)in;
  *outn = n;
  if (!d->start) return LS_OK;
  size_t k = 0; /* bytes of in that continue the mark */
  while (d->npend + k < 3 && k < n && in[k] == utf8_bom[d->npend + k]) k++;
  if (d->npend + k == 3) { /* a whole mark: drop it */
    d->start = 0;
    d->npend = 0;
    *out = (const char *)in + k;
    *outn = n - k;
    return LS_OK;
  }
  if (k == n) { /* all of in may still be a mark */
    memcpy(d->pend + d->npend, in, n);
    d->npend += n;
    *out = "";
    *outn = 0;
    return LS_OK;
  }
  d->start = 0; /* not a mark: the held bytes are text */
  if (d->npend == 0) return LS_OK;
  if (d->cap < d->npend + n) {
    uint8_t *b = ls_realloc(d->buf, d->npend + n);
    if (!b) return fail(d, LS_ENOMEM, out, outn);
    d->buf = b;
    d->cap = d->npend + n;
  }
  memcpy(d->buf, d->pend, d->npend);
  memcpy(d->buf + d->npend, in, n);
  *out = (const char *)d->buf;
  *outn = d->npend + n;
  d->npend = 0;
  return LS_OK;
}

/* Drop a leading U+FEFF from the first output. */
static void strip_bom(ls_decoder *d, const char **out, size_t *outn) {
  if (!d->start || *outn == 0) return;
  d->start = 0;
  if (*outn >= 3 && memcmp(*out, utf8_bom, 3) == 0) {
    *out += 3;
    *outn -= 3;
  }
}

/* ---- API ---- */

ls_decoder *ls_decoder_new(ls_encoding enc) {
  if (enc != LS_ENC_UTF8 && enc != LS_ENC_UTF16LE && enc != LS_ENC_UTF16BE &&
      enc != LS_ENC_GB18030)
    return NULL;
  ls_decoder *d = ls_calloc(1, sizeof *d);
  if (!d) return NULL;
  d->buf = ls_malloc(BUF_MIN);
  if (!d->buf) {
    ls_free(d);
    return NULL;
  }
  d->cap = BUF_MIN;
  d->enc = enc;
  d->start = 1;
  return d;
}

void ls_decoder_free(ls_decoder *d) {
  if (!d) return;
  ls_free(d->buf);
  ls_free(d);
}

ls_status ls_decoder_feed(ls_decoder *d, const void *in, size_t n, const char **out,
                          size_t *outn) {
  if (!out || !outn) return LS_EINVAL;
  if (!d) return *out = "", *outn = 0, LS_EINVAL;
  if (d->status != LS_OK) return fail(d, d->status, out, outn);
  if (d->finished || (!in && n > 0)) return fail(d, LS_EINVAL, out, outn);
  const uint8_t *s = in ? in : (const uint8_t *)"";
  if (d->enc == LS_ENC_UTF8) return feed_utf8(d, s, n, out, outn);

  if (n > (SIZE_MAX - BUF_MIN) / 3 - PEND_MAX) return fail(d, LS_ENOMEM, out, outn);
  size_t need = 3 * (d->npend + n) + 8;
  if (d->cap < need) {
    uint8_t *b = ls_realloc(d->buf, need);
    if (!b) return fail(d, LS_ENOMEM, out, outn);
    d->buf = b;
    d->cap = need;
  }
  size_t len = 0;
  if (d->npend) { /* finish the cut character with the first bytes of in */
    uint8_t tmp[PEND_MAX + 4];
    size_t k = n < 4 ? n : 4, t = d->npend + k;
    memcpy(tmp, d->pend, d->npend);
    memcpy(tmp + d->npend, s, k);
    size_t used = decode(d, tmp, t, &len);
    if (used < d->npend) { /* still cut: then all of in was taken */
      assert(k == n && t - used <= PEND_MAX);
      memmove(d->pend, tmp + used, t - used);
      d->npend = t - used;
      s += n;
      n = 0;
    } else {
      s += used - d->npend;
      n -= used - d->npend;
      d->npend = 0;
    }
  }
  size_t used = decode(d, s, n, &len);
  assert(n - used <= PEND_MAX);
  memcpy(d->pend + d->npend, s + used, n - used);
  d->npend += n - used;
  *out = (const char *)d->buf;
  *outn = len;
  strip_bom(d, out, outn);
  return LS_OK;
}

ls_status ls_decoder_finish(ls_decoder *d, const char **out, size_t *outn) {
  if (!out || !outn) return LS_EINVAL;
  if (!d) return *out = "", *outn = 0, LS_EINVAL;
  if (d->status != LS_OK) return fail(d, d->status, out, outn);
  if (d->finished) return fail(d, LS_EINVAL, out, outn);
  d->finished = 1;
  size_t len = 0;
  if (d->npend && d->enc == LS_ENC_UTF8) {
    memcpy(d->buf, d->pend, d->npend);
    len = d->npend;
  } else if (d->npend) {
    len = ls_put_utf8(d->buf, LS_CP_BAD);
    d->replaced++;
  }
  d->npend = 0;
  *out = (const char *)d->buf;
  *outn = len;
  return LS_OK;
}

uint64_t ls_decoder_replaced(const ls_decoder *d) { return d ? d->replaced : 0; }
