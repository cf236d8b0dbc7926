/* detect_internal.h: what the files of core/detect share; private to the module.
 *
 * normalize.c turns column names into their normalised bytes (one character
 * at a time, so names are never cut when hashed); vocab.c holds the generic
 * names of each role, formats.c the headers of known exports; detect.c
 * matches both against a table. Names in both tables are written as people
 * see them ("Start Date (UTC)", "金额（元）"), alternatives separated by '|',
 * and normalised when matched. */
#ifndef LS_DETECT_INTERNAL_H
#define LS_DETECT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "detect/detect.h"

#define LS_DETECT_NO_ROLE (-1)

/* One column of a known export: the names it goes by, whether the export is
 * not recognised without it, and the roles it takes (LS_DETECT_NO_ROLE when
 * none: a column that only helps recognise the export). */
typedef struct {
  const char *names;
  int key;
  int role[2];
} ls_format_col;

typedef struct {
  ls_format format;
  ls_kind kind;   /* LS_KIND_UNKNOWN: recognised, but not a dataset alone */
  unsigned flags; /* LS_DETECT_* bits the export implies */
  const ls_format_col *cols;
  size_t ncols;
} ls_format_spec;

/* The known exports (every format but LS_FORMAT_GENERIC); *n gets their count. */
const ls_format_spec *ls_detect_formats(size_t *n);

/* The generic names of role r, most specific first, separated by '|'; "" for
 * a role without generic names. */
const char *ls_detect_vocab(ls_role r);

/* The normalised bytes (0 to 4) of the character at *p into out; *p moves
 * past it. *p must not point at the terminating NUL. */
size_t ls_detect_norm_char(const unsigned char **p, unsigned char out[4]);

#define LS_FNV_BASIS UINT64_C(0xcbf29ce484222325)
#define LS_FNV_PRIME UINT64_C(0x100000001b3)

/* h advanced by the FNV-1a steps of b[0..n). */
static inline uint64_t ls_detect_fnv(uint64_t h, const unsigned char *b, size_t n) {
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * LS_FNV_PRIME;
  return h;
}

#endif
