/* gunzip.h: a streaming gzip decoder (RFC 1952) for .gz input, natively.
 *
 * Feed the compressed bytes of one file in chunks of any size; the decoder
 * hands the decompressed bytes to a callback in pieces of at most
 * LS_GUNZIP_CHUNK bytes, in order, and finish checks the input ended cleanly.
 * Several members one after another (as `cat a.gz b.gz` makes) decode to
 * their concatenation. Memory stays bounded whatever the input: zlib's state
 * and window (about 40 KiB) plus one output buffer. Any byte sequence is safe
 * to feed; bad input ends in LS_EPARSE with a message naming the file:
 *   "events.csv.gz: corrupt gzip data at byte N: <zlib's reason>"
 *     (N counts input bytes from 1: the byte at which the error was found),
 *   "events.csv.gz: truncated gzip file" (the input ends inside a member),
 *   "events.csv.gz: empty file".
 * Anything after a member must be another member (trailing zeros included).
 *
 * Built over the system zlib when LS_HAVE_ZLIB is defined (the native build).
 * The wasm build has no zlib: the page decompresses gzip with the browser's
 * DecompressionStream, and every feed or finish there fails with LS_EINVAL,
 * "events.csv.gz: gzip input is decompressed by the page". */
#ifndef LS_GUNZIP_H
#define LS_GUNZIP_H

#include <stddef.h>

#include "base/status.h"

/* The largest piece handed to the callback. */
#define LS_GUNZIP_CHUNK ((size_t)1 << 16)

typedef struct ls_gunzip ls_gunzip;

/* Receives n > 0 decompressed bytes (valid during the call only). Anything
 * but LS_OK stops the decoder with that status; ls_gunzip_errmsg is then ""
 * and the message is the consumer's own. */
typedef ls_status (*ls_gunzip_fn)(void *ctx, const char *buf, size_t n);

/* 1 when head (n bytes, n >= 2 to decide) starts with the gzip magic 1f 8b. */
int ls_gunzip_is(const void *head, size_t n);

/* A decoder for the file named name (copied; used in messages) handing its
 * output to out(ctx, ...). NULL on out of memory or when out is NULL. */
ls_gunzip *ls_gunzip_new(const char *name, ls_gunzip_fn out, void *ctx);
/* ls_gunzip_free(NULL) is a no-op. */
void ls_gunzip_free(ls_gunzip *z);
/* Decode n more bytes, calling out for each full output buffer. After an
 * error every later call returns that error. */
ls_status ls_gunzip_feed(ls_gunzip *z, const void *buf, size_t n);
/* End of input: hands out what is left, then LS_OK when the input was one or
 * more complete members. */
ls_status ls_gunzip_finish(ls_gunzip *z);
/* The message of the last error ("" when none). Valid until the next call. */
const char *ls_gunzip_errmsg(const ls_gunzip *z);
/* Compressed bytes fed and decompressed bytes produced so far (progress). */
unsigned long long ls_gunzip_bytes_in(const ls_gunzip *z);
unsigned long long ls_gunzip_bytes_out(const ls_gunzip *z);

#endif
