/* load.h: whatever file a user drops, read into the workspace.
 *
 * A loader takes the bytes of one file in chunks and decides, from its first
 * bytes, what it is:
 *   gzip (1f 8b)        decompressed on the fly (natively; the page hands
 *                       the browser's decompressed bytes instead and sets
 *                       ls_load_options.gunzipped), then read as below;
 *   SQLite database     every table becomes a dataset (ingest/sqlitedb.h);
 *   zip, PDF, images…   refused: "not a CSV file" with what it looks like;
 *   text                its encoding detected (or given) and decoded to
 *                       UTF-8 (ingest/encoding.h); JSON Lines when the first
 *                       character is '{', otherwise CSV, whose dialect is
 *                       sniffed from the head of the file and from samples of
 *                       other places given before the first feed
 *                       (ingest/sniff.h), each choice overridable.
 * Memory stays bounded by the chunk and sample sizes plus the columns being
 * built (a SQLite file is held whole: SQLite reads it from memory).
 * On success the dataset is added to the workspace with how it was read
 * (ingest/source.h); on any error the message names the file (and the line
 * and column where the input is at fault) and nothing loaded before changes. */
#ifndef LS_WORKSPACE_LOAD_H
#define LS_WORKSPACE_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "ingest/record.h"
#include "ingest/typing.h"
#include "table/table.h"
#include "workspace/workspace.h"

/* Bytes the loader looks at before deciding (fewer when the file is shorter). */
#define LS_LOAD_HEAD ((size_t)64 << 10)

typedef struct {
  char encoding[24];  /* "" to detect; else a name ls_encoding_parse reads */
  char delimiter;     /* 0 to sniff */
  int quote;          /* -1 to sniff; 0 for none; else the quote character */
  int escape;         /* -1 to sniff (with the quote); 0 none; else the escape */
  int header;         /* -1 to sniff; 0 no header row; 1 a header row */
  int skip;           /* -1 to sniff; else preamble lines to skip */
  int ragged;         /* -1: fail on ragged rows unless only the file's last
                       * lines are (a summary), which are then cut; 0 fail;
                       * 1 pad short rows and cut long ones (counted) */
  int append;         /* 1: a dataset with the same header receives the rows */
  uint64_t gunzipped; /* the caller decompressed gzip itself: the compressed
                       * size, recorded as the file's bytes (0: it did not) */
  ls_typing typing;   /* type overrides by column name (ingest/typing.h) */
} ls_load_options;

/* Everything detected, nothing forced, ragged -1, append 1. */
void ls_load_options_default(ls_load_options *o);
/* Add an override from text "column=type" (type: int, float, timestamp,
 * date, bool, string; date is read as timestamp: a column of dates comes out
 * as dates). LS_EINVAL for a malformed one or a full list. */
ls_status ls_load_options_type(ls_load_options *o, const char *spec);

typedef struct ls_loader ls_loader;

/* A loader of the file named name (its last path component names the
 * dataset) into ws, with options o (NULL: defaults; copied). */
ls_loader *ls_loader_new(ls_workspace *ws, const char *name, const ls_load_options *o);
void ls_loader_free(ls_loader *l);
/* Record mode (CSV and JSON Lines): rows go to fn as parsed text
 * (ingest/record.h) and nothing is added to the workspace. Before the first
 * feed. */
ls_status ls_loader_on_record(ls_loader *l, ls_record_fn fn, void *ctx);
/* Bytes from elsewhere in the file for the dialect sniffer, before the first
 * feed: up to 8 samples, each starting anywhere (at an even offset for
 * UTF-16), at_end when it runs to the file's end. Ignored for anything but
 * CSV, and for gzip. */
ls_status ls_loader_sample(ls_loader *l, const void *bytes, size_t n, int at_end);
ls_status ls_loader_feed(ls_loader *l, const void *bytes, size_t n);
/* End of input: the dataset(s) join the workspace. */
ls_status ls_loader_finish(ls_loader *l);
/* Data rows read so far (0 before the reader starts and for SQLite). */
uint64_t ls_loader_rows(const ls_loader *l);
/* The last error message ("" when none), also set on the workspace. */
const char *ls_loader_errmsg(const ls_loader *l);

/* Read a file from disk: samples from its middle and end, gzip natively. */
ls_status ls_load_path(ls_workspace *ws, const char *path, const ls_load_options *o);
/* The same in record mode: rows go to fn, the workspace is untouched. */
ls_status ls_load_path_records(ls_workspace *ws, const char *path, const ls_load_options *o,
                               ls_record_fn fn, void *ctx);

#endif
