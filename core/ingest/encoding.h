/* encoding.h: which text encoding a file is in, and streaming decoders that
 * turn it into the UTF-8 the readers (CSV, JSONL) consume.
 *
 * Supported: UTF-8 (with or without byte order mark), UTF-16 LE and BE (with
 * or without byte order mark; Excel's "Unicode Text"), and GB18030, which
 * includes GBK and GB2312 (Chinese Excel CSV, Alipay and WeChat exports).
 * The GB18030 mapping is the one of the build machine's glibc iconv.
 *
 * Typical use by a loader: detect from the file's first bytes, refuse
 * LS_ENC_BINARY ("not a text file"), show the guess's reason, then feed every
 * chunk through a decoder of the detected encoding and the decoder's output to
 * the reader. Nothing here fails on bad input: invalid sequences become
 * U+FFFD and are counted. */
#ifndef LS_ENCODING_H
#define LS_ENCODING_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef enum {
  LS_ENC_UTF8,
  LS_ENC_UTF16LE,
  LS_ENC_UTF16BE,
  LS_ENC_GB18030,
  LS_ENC_BINARY /* not text: no decoder */
} ls_encoding;

/* "utf-8", "utf-16le", "utf-16be", "gb18030" or "binary"; "?" for any other
 * value. Static strings. */
const char *ls_encoding_name(ls_encoding enc);

/* The encoding a name stands for, ignoring case and any '-', '_' or space:
 * utf-8, utf8, ascii, us-ascii → UTF-8; utf-16le, ucs-2le → UTF-16LE;
 * utf-16be, ucs-2be → UTF-16BE; utf-16, ucs-2, unicode → UTF-16LE (what
 * Windows means; a byte order mark in the data wins at detection);
 * gb18030, gbk, gb2312, cp936, windows-936, ms936, euc-cn, x-gbk → GB18030;
 * binary → LS_ENC_BINARY. Returns 1 and sets *out, or 0 (NULL or unknown
 * name; *out untouched). */
int ls_encoding_parse(const char *name, ls_encoding *out);

/* ---- detection ---- */

typedef struct {
  ls_encoding enc;
  int bom;            /* bytes of byte order mark at the start (0, 2, 3 or 4) */
  const char *code;   /* the rule that decided (see ls_encoding_detect), for
                       * UIs to word in their own language; a static string */
  const char *reason; /* short English reason for the CLI; a static string */
} ls_encoding_guess;

/* Guess the encoding from the first n bytes of a file (a few KiB to 64 KiB
 * is plenty). whole_file says the sample is the whole file; otherwise its
 * last character may be cut and that is not held against it. The rules, in
 * order, each with its code and its reason:
 *   no bytes at all: UTF-8:
 *       empty          "empty";
 *   a byte order mark (UTF-8 EF BB BF, UTF-16LE FF FE, UTF-16BE FE FF,
 *     GB18030 84 31 95 33) decides:
 *       bom            "byte order mark";
 *   zero bytes at odd (even) offsets in at least a fifth of the 16-bit units
 *     (two at least) and few at the others, well-formed surrogates and few
 *     control characters: UTF-16LE (BE):
 *       utf16_pattern  "zero bytes at alternate positions (UTF-16)";
 *   NUL bytes (more than one per KiB), or over 10% control bytes other than
 *     tab, LF, CR, FF and ESC: binary:
 *       binary_nul     "contains NUL bytes",
 *       binary_control "many control bytes";
 *   valid UTF-8:
 *       utf8           "valid UTF-8";
 *   UTF-8 with few invalid sequences (at most one plus 1% of its valid
 *     multibyte ones, and half as many):
 *       mostly_utf8    "mostly valid UTF-8";
 *   GB18030 with at most one invalid sequence per 50 multibyte characters,
 *     at least half of its two-byte characters CJK (ideographs, CJK
 *     punctuation, kana, full-width forms), and fewer invalid sequences than
 *     as UTF-8:
 *       gb18030        "not valid UTF-8; reads as GB18030";
 *   anything else: UTF-8, whose invalid bytes become U+FFFD:
 *       fallback_utf8  "not valid UTF-8 nor GB18030; bad bytes replaced".
 * sample may be NULL when n is 0. out must not be NULL. Never allocates. */
void ls_encoding_detect(const void *sample, size_t n, int whole_file, ls_encoding_guess *out);

/* ---- decoding ---- */

typedef struct ls_decoder ls_decoder;

/* A decoder from enc to UTF-8. NULL on out of memory, or when enc is
 * LS_ENC_BINARY or not an ls_encoding. Free with ls_decoder_free. */
ls_decoder *ls_decoder_new(ls_encoding enc);
/* ls_decoder_free(NULL) is a no-op. */
void ls_decoder_free(ls_decoder *d);

/* Decode the next n bytes of the file (a chunk may end anywhere, inside a
 * character or a surrogate pair: the cut bytes are kept for the next call).
 * On LS_OK, *out and *outn give the UTF-8 decoded so far, at most 3 * n + 8
 * bytes, valid until the next call on d; the output of successive calls
 * concatenated is the text. A byte order mark (U+FEFF as the first character)
 * is dropped. UTF-16 and GB18030 output is always valid UTF-8: an invalid
 * sequence (lone surrogate, unmapped or malformed GB18030 code) becomes
 * U+FFFD. UTF-8 input passes through unchecked and, past the first bytes,
 * uncopied (*out points into in), for the reader repairs it.
 * Errors: LS_EINVAL for a NULL argument (in may be NULL when n is 0) or a
 * call after ls_decoder_finish; LS_ENOMEM when the output buffer cannot grow.
 * After an error every later call returns it, and *out is "" with *outn 0. */
ls_status ls_decoder_feed(ls_decoder *d, const void *in, size_t n, const char **out,
                          size_t *outn);
/* End of input: a sequence cut by the end of the file becomes one U+FFFD
 * (for UTF-8: the bytes of a cut byte order mark, as they are). Output as for
 * ls_decoder_feed, at most 4 bytes. Errors as for ls_decoder_feed (never
 * LS_ENOMEM). */
ls_status ls_decoder_finish(ls_decoder *d, const char **out, size_t *outn);

/* U+FFFD written so far for invalid input (always 0 for UTF-8, whose reader
 * counts its own repairs). 0 for NULL. */
uint64_t ls_decoder_replaced(const ls_decoder *d);

#endif
