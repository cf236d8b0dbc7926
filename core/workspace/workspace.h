/* workspace.h: the set of datasets a user has loaded, and what metrics share.
 *
 * A dataset is a table plus its detected kind and column roles. The workspace
 * owns its tables. Adding a table whose name is already loaded replaces that
 * dataset; a failed load leaves every loaded dataset as it was. The workspace
 * time zone (base/tz.h; default UTC) decides day, week and month boundaries.
 * TIME columns hold true instants: the values of a column flagged
 * LS_COL_LOCAL (written without an offset, stored by the reader as wall-clock
 * times read as UTC) are read in the workspace zone when the table is added,
 * and moved when the zone changes (ls_workspace_set_tz). The detailed message
 * of the last error lives on the workspace (ls_workspace_errmsg), never in a
 * global. */
#ifndef LS_WORKSPACE_H
#define LS_WORKSPACE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/tz.h"
#include "detect/detect.h"
#include "ingest/source.h"
#include "table/table.h"
#include "workspace/settings.h"

typedef struct ls_workspace ls_workspace;

/* The roles whose times record something having happened (an event, a
 * creation, a start, a signup, a cancellation), the main one of a dataset
 * first: they bound the workspace's extent and are checked for future times. */
#define LS_HAPPENED_COUNT 5
extern const ls_role LS_HAPPENED[LS_HAPPENED_COUNT];

/* NULL on out of memory. */
ls_workspace *ls_workspace_new(void);
/* Frees every dataset; ls_workspace_free(NULL) is a no-op. */
void ls_workspace_free(ls_workspace *ws);
/* Remove every dataset. */
void ls_workspace_clear(ls_workspace *ws);

/* Add t (the workspace takes ownership, also on failure), detecting its kind
 * and roles; replaces a dataset of the same name. The wall-clock values of
 * its LS_COL_LOCAL TIME columns become instants in the workspace zone (a time
 * skipped by a DST gap moves forward by the gap, a time shown twice is its
 * first occurrence: ls_tz_from_local). LS_ENOMEM on failure. */
ls_status ls_workspace_add(ls_workspace *ws, ls_table *t);
/* Add t and how it was read (src, may be NULL); the workspace owns both,
 * also on failure. A dataset of the same name is replaced (a file read
 * again). Otherwise, with append set, a dataset whose header is t's (as many
 * columns, names equal once normalized) receives t's rows instead
 * (ls_table_append): monthly exports become one dataset, its source counting
 * the files. Otherwise as ls_workspace_add. */
ls_status ls_workspace_add_source(ls_workspace *ws, ls_table *t, ls_source *src, int append);
/* Read a CSV file from disk and add it. On error the message (file, line,
 * column) is on the workspace and nothing loaded before is lost. */
ls_status ls_workspace_load_path(ls_workspace *ws, const char *path);

size_t ls_workspace_count(const ls_workspace *ws);
const ls_table *ls_workspace_table(const ls_workspace *ws, size_t i);
const ls_detection *ls_workspace_detection(const ls_workspace *ws, size_t i);
/* Apply a user's mapping to dataset i (ls_detect_apply: kind and roles[r]
 * may be LS_DETECT_KEEP, a role -1 for none or a column index). LS_EINVAL
 * with the reason as the workspace message when a column's type does not fit
 * its role; the detection is then unchanged. */
ls_status ls_workspace_set_mapping(ls_workspace *ws, size_t i, int kind, const int *roles);
/* How dataset i was read, or NULL (generated data). */
const ls_source *ls_workspace_source(const ls_workspace *ws, size_t i);
/* The current instant (ms) that quality checks measure lag and future
 * times against; 0 until set. The caller sets it: the core reads no clock. */
void ls_workspace_set_now(ls_workspace *ws, int64_t now);
int64_t ls_workspace_now(const ls_workspace *ws);
/* Index of the first dataset of kind k, or -1. */
int ls_workspace_find(const ls_workspace *ws, ls_kind k);
/* Index of the dataset a rule names: the one whose table name is name, with
 * or without its extension ("payment_callbacks" finds payment_callbacks.csv),
 * ASCII case ignored; else the first whose kind is named name
 * ("marketing_spend"); -1 when none (name may be NULL). */
int ls_workspace_find_named(const ls_workspace *ws, const char *name);

/* Set the time zone (a valid ls_tz; LS_EINVAL otherwise, nothing changed).
 * When it changes, the cache is dropped and every LS_COL_LOCAL value is read
 * back as wall-clock time in the old zone and turned into an instant in the
 * new one. Exact between fixed offsets and for every wall time that exists in
 * both zones; a wall time that fell in a DST gap of the old zone was moved
 * forward when first read, and keeps the moved wall time (02:30 read in
 * New York on its spring-forward day is 03:30 from then on). */
ls_status ls_workspace_set_tz(ls_workspace *ws, ls_tz tz);
ls_tz ls_workspace_tz(const ls_workspace *ws);

/* The span of recorded activity over all datasets: *first is the earliest
 * instant a dataset records as having happened (event times, subscription
 * starts, creations, cancellations, signups, payments); *asof is the start of
 * the day after the latest such instant, in the workspace zone: periods that
 * end by *asof are complete. kind != LS_KIND_UNKNOWN limits *first to datasets
 * of that kind. LS_ENODATA when nothing has a time. */
ls_status ls_workspace_extent(const ls_workspace *ws, ls_kind kind, int64_t *first, int64_t *asof);

/* The metric settings (workspace/settings.h); defaults in a new workspace. */
const ls_settings *ls_workspace_settings(const ls_workspace *ws);
/* Set one from its text form (ls_settings_set); the cache is dropped.
 * LS_ENOTFOUND or LS_EINVAL with the reason as the message. */
ls_status ls_workspace_set(ls_workspace *ws, const char *key, const char *value);

/* Exchange the datasets, zone, settings and cache of a and b (a workspace
 * file restored into a fresh workspace replaces the one in use); each keeps
 * its clock, message and restored page. */
void ls_workspace_swap(ls_workspace *a, ls_workspace *b);
/* Make det dataset i's detection as it is (a workspace file restoring what
 * was saved); the caller has checked that its roles fit the table. */
ls_status ls_workspace_set_detection(ls_workspace *ws, size_t i, const ls_detection *det);
/* What the last workspace file loaded into ws (workspace/wsfile.h) held
 * beside its data: its major version and its page state (a JSON text, NULL
 * when it had none). set takes page (ls_malloc'd); take hands both over once:
 * 1 and *page (the caller ls_frees it), then 0 until the next file. */
void ls_workspace_set_restored(ls_workspace *ws, int version, char *page);
int ls_workspace_take_restored(ls_workspace *ws, int *version, char **page);

/* Privacy masking (privacy/mask.h). The salt: the 16-byte key of the
 * workspace's tokens, all zeros until set (the page and the CLI set a random
 * one); it stays with the workspace object (ls_workspace_swap keeps it).
 * Reveal: 0 (the default) masks personal data in every output that carries
 * cells; a caller showing cells on the user's own screen sets 1 for that one
 * call and 0 again after it. */
void ls_workspace_set_salt(ls_workspace *ws, const uint8_t salt[16]);
const uint8_t *ls_workspace_salt(const ls_workspace *ws);
void ls_workspace_set_reveal(ls_workspace *ws, int reveal);
int ls_workspace_reveal(const ls_workspace *ws);

/* Last error message ("" when none), valid until the next call that fails. */
const char *ls_workspace_errmsg(const ls_workspace *ws);
/* Set the message (printf-style) and return status, for one-line returns. */
ls_status ls_workspace_fail(ls_workspace *ws, ls_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A cache of derived indexes (sorted activity, revenue sweeps) shared by the
 * metrics; entries are dropped whenever datasets or the zone change. *out is
 * the entry named key, built by build(ws, &value) the first time and kept
 * (freed with free_fn). A build failure is returned as is (its message on the
 * workspace) and nothing is kept. */
ls_status ls_workspace_cached(ls_workspace *ws, const char *key,
                              ls_status (*build)(ls_workspace *ws, void **value),
                              void (*free_fn)(void *), void **out);
/* The same with a context for build. Keys are at most 255 bytes; the cache
 * keeps the 32 most recently used entries, so a pointer from it is valid
 * until the next call that may build: a caller holding two entries gets the
 * one whose build asks for the other first, then the other (found, nothing
 * built). */
ls_status ls_workspace_cached_ctx(ls_workspace *ws, const char *key,
                                  ls_status (*build)(ls_workspace *ws, void *ctx, void **value), void *ctx,
                                  void (*free_fn)(void *), void **out);

/* A JSON description of the workspace: {"through": last day with recorded
 * activity "YYYY-MM-DD" or null, "tz": the zone's canonical name (ls_tz_name),
 * "datasets": [{"name","kind","rows","bytes","columns":[{"name","type","role","nulls"}]}]}.
 * Each English reason, for the CLI ("detected", "source.encoding.reason",
 * "source.dialect.reason"), comes with the fields a UI words it from in its own
 * language: "matched" and "listed" (known exports), "source.encoding.code"
 * (ls_encoding_guess.code or "user"), and "source.dialect" "columns",
 * "sampled_rows", "ragged_rows", "header_reason" (ls_header_reason_name), with
 * "header_column" (its name) and "header_type" when it is "by_types".
 * Caller frees with ls_free; NULL on out of memory. */
char *ls_workspace_json(const ls_workspace *ws);

#endif
