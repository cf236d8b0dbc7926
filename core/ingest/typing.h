/* typing.h: how a reader turns its text columns into typed ones.
 *
 * A plan holds the options for every column (the decimal separator a
 * semicolon file suggests) and the user's overrides by column name (a forced
 * type); ls_typing_build types one column of cells with it, frees the cells
 * (so the text of a column goes as its typed column comes) and keeps what
 * inference reported for the quality summary. Readers (CSV, JSON Lines) share
 * it, so they type alike. */
#ifndef LS_TYPING_H
#define LS_TYPING_H

#include <stddef.h>

#include "base/status.h"
#include "ingest/infer.h"
#include "table/table.h"

#define LS_TYPING_MAX 64

typedef struct {
  ls_infer_opts all; /* every column not named below */
  size_t n;
  struct {
    char name[128];
    ls_infer_opts opts;
  } cols[LS_TYPING_MAX];
} ls_typing;

/* Everything automatic. */
void ls_typing_default(ls_typing *p);
/* Force column name (at most 127 bytes) to type; a later call for the same
 * name replaces the earlier one. LS_EINVAL when the plan is full or the name
 * too long. */
ls_status ls_typing_force(ls_typing *p, const char *name, ls_type type);
/* The options for column name (p may be NULL: automatic). */
const ls_infer_opts *ls_typing_for(const ls_typing *p, const char *name);
/* Type cells as column name of t (appended), filling *rep, adding the cells'
 * repaired UTF-8 count to *repaired, and freeing the cells whatever happens.
 * LS_ENOMEM on failure. */
ls_status ls_typing_build(const ls_typing *p, ls_table *t, const char *name, ls_cells *cells,
                          ls_infer_report *rep, uint64_t *repaired);

#endif
