/* gunzip.c: the streaming gzip decoder, over zlib's inflate.
 *
 * inflate reads gzip members (windowBits 16 + 15) into one output buffer
 * that is handed on whenever it fills; at the end of a member the stream is
 * reset for the next one. zlib allocates through ls_malloc. Without zlib (the
 * wasm build) the same handle only reports that the page decompresses. */
#include "ingest/gunzip.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"

#ifdef LS_HAVE_ZLIB
#include <zlib.h>
#endif

#define GZ_MSG_MAX 512
#define GZ_NAME_MAX 256 /* bytes of the name quoted in a message */

struct ls_gunzip {
  char *name;
  ls_gunzip_fn out;
  void *ctx;
  ls_status status;       /* the first error, returned ever after */
  char msg[GZ_MSG_MAX];
  int finished;
  uint64_t in, produced;  /* bytes fed and consumed by inflate; bytes handed out */
#ifdef LS_HAVE_ZLIB
  z_stream zs;
  int in_member;          /* some bytes of the current member were consumed */
  unsigned char *buf;     /* LS_GUNZIP_CHUNK bytes of output */
  size_t have;            /* bytes of buf filled */
#endif
};

/* ---- private: errors ---- */

static ls_status fail(ls_gunzip *z, ls_status st, const char *fmt, ...) {
  size_t n = strlen(z->name);
  if (n > GZ_NAME_MAX) {
    n = GZ_NAME_MAX;
    while (n && ((unsigned char)z->name[n] & 0xC0) == 0x80) n--; /* keep whole characters */
  }
  int k = snprintf(z->msg, sizeof z->msg, "%.*s: ", (int)n, z->name);
  if (k < 0) k = 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(z->msg + k, sizeof z->msg - (size_t)k, fmt, ap);
  va_end(ap);
  z->status = st;
  return st;
}

/* Common checks of feed and finish. */
static ls_status usable(ls_gunzip *z) {
  if (!z) return LS_EINVAL;
  if (z->status != LS_OK) return z->status;
  if (z->finished) return fail(z, LS_EINVAL, "input after the end of input");
  return LS_OK;
}

#ifdef LS_HAVE_ZLIB

/* ---- private: zlib ---- */

#define GZ_WINDOW_BITS (16 + MAX_WBITS) /* gzip wrapper only */
#define GZ_PIECE ((size_t)1 << 30)      /* avail_in is 32 bits */

static ls_status oom(ls_gunzip *z) { return fail(z, LS_ENOMEM, "%s", ls_status_message(LS_ENOMEM)); }

/* Hand n bytes to the consumer; its status stops the decoder. */
static ls_status emit(ls_gunzip *z, const unsigned char *b, size_t n) {
  if (n == 0) return LS_OK;
  ls_status st = z->out(z->ctx, (const char *)b, n);
  z->produced += n;
  if (st != LS_OK) {
    z->msg[0] = '\0';
    z->status = st;
  }
  return st;
}

static voidpf z_alloc(voidpf opaque, uInt items, uInt size) {
  (void)opaque;
  return ls_calloc(items, size);
}

static void z_free(voidpf opaque, voidpf p) {
  (void)opaque;
  ls_free(p);
}

static ls_status z_init(ls_gunzip *z) {
  z->zs.zalloc = z_alloc;
  z->zs.zfree = z_free;
  z->zs.opaque = Z_NULL;
  z->buf = ls_malloc(LS_GUNZIP_CHUNK);
  if (!z->buf || inflateInit2(&z->zs, GZ_WINDOW_BITS) != Z_OK) {
    ls_free(z->buf);
    z->buf = NULL;
    return LS_ENOMEM;
  }
  return LS_OK;
}

static void z_end(ls_gunzip *z) {
  if (z->buf) inflateEnd(&z->zs);
  ls_free(z->buf);
}

static ls_status corrupt(ls_gunzip *z) {
  const char *why = z->zs.msg ? z->zs.msg : "invalid data";
  return fail(z, LS_EPARSE, "corrupt gzip data at byte %llu: %s",
              (unsigned long long)(z->in ? z->in : 1), why);
}

/* Inflate p[0..n), n <= GZ_PIECE, handing out every full buffer. */
static ls_status inflate_piece(ls_gunzip *z, const unsigned char *p, size_t n) {
  z->zs.next_in = (Bytef *)p; /* zlib only reads it */
  z->zs.avail_in = (uInt)n;
  while (z->zs.avail_in) {
    uInt in0 = z->zs.avail_in;
    z->zs.next_out = z->buf + z->have;
    z->zs.avail_out = (uInt)(LS_GUNZIP_CHUNK - z->have);
    uInt out0 = z->zs.avail_out;
    int rc = inflate(&z->zs, Z_NO_FLUSH);
    uInt used = in0 - z->zs.avail_in, made = out0 - z->zs.avail_out;
    z->in += used;
    z->have += made;
    if (used) z->in_member = 1;
    if (rc == Z_MEM_ERROR) return oom(z);
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR) return corrupt(z);
    if (rc == Z_STREAM_END) {
      z->in_member = 0;
      if (inflateReset(&z->zs) != Z_OK) return corrupt(z);
    } else if (!used && !made) {
      return corrupt(z); /* no progress with room on both sides: never expected */
    }
    if (z->have == LS_GUNZIP_CHUNK) {
      z->have = 0;
      if (emit(z, z->buf, LS_GUNZIP_CHUNK) != LS_OK) return z->status;
    }
  }
  return LS_OK;
}

/* ---- API (zlib) ---- */

ls_status ls_gunzip_feed(ls_gunzip *z, const void *buf, size_t n) {
  ls_status st = usable(z);
  if (st != LS_OK) return st;
  if (!buf && n) return fail(z, LS_EINVAL, "no buffer to read");
  const unsigned char *p = buf;
  while (n) {
    size_t k = n < GZ_PIECE ? n : GZ_PIECE;
    if (inflate_piece(z, p, k) != LS_OK) return z->status;
    p += k;
    n -= k;
  }
  return LS_OK;
}

ls_status ls_gunzip_finish(ls_gunzip *z) {
  ls_status st = usable(z);
  if (st != LS_OK) return st;
  if (z->in == 0) return fail(z, LS_EPARSE, "empty file");
  if (z->in_member) return fail(z, LS_EPARSE, "truncated gzip file");
  size_t have = z->have;
  z->have = 0;
  if (emit(z, z->buf, have) != LS_OK) return z->status;
  z->finished = 1;
  return LS_OK;
}

#else /* no zlib: the page decompresses */

static ls_status z_init(ls_gunzip *z) {
  (void)z;
  return LS_OK;
}

static void z_end(ls_gunzip *z) { (void)z; }

ls_status ls_gunzip_feed(ls_gunzip *z, const void *buf, size_t n) {
  (void)buf;
  (void)n;
  ls_status st = usable(z);
  return st != LS_OK ? st : fail(z, LS_EINVAL, "gzip input is decompressed by the page");
}

ls_status ls_gunzip_finish(ls_gunzip *z) { return ls_gunzip_feed(z, NULL, 0); }

#endif

/* ---- API ---- */

int ls_gunzip_is(const void *head, size_t n) {
  const unsigned char *h = head;
  return h && n >= 2 && h[0] == 0x1F && h[1] == 0x8B;
}

ls_gunzip *ls_gunzip_new(const char *name, ls_gunzip_fn out, void *ctx) {
  if (!out) return NULL;
  ls_gunzip *z = ls_calloc(1, sizeof *z);
  if (!z) return NULL;
  z->name = ls_strdup(name ? name : "");
  if (!z->name || z_init(z) != LS_OK) {
    ls_free(z->name);
    ls_free(z);
    return NULL;
  }
  z->out = out;
  z->ctx = ctx;
  z->status = LS_OK;
  return z;
}

void ls_gunzip_free(ls_gunzip *z) {
  if (!z) return;
  z_end(z);
  ls_free(z->name);
  ls_free(z);
}

const char *ls_gunzip_errmsg(const ls_gunzip *z) { return z ? z->msg : ""; }

unsigned long long ls_gunzip_bytes_in(const ls_gunzip *z) { return z ? z->in : 0; }

unsigned long long ls_gunzip_bytes_out(const ls_gunzip *z) { return z ? z->produced : 0; }
