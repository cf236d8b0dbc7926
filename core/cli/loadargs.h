/* loadargs.h: the options every command that reads files shares.
 *
 *   --tz ZONE          workspace time zone (before loading: naive times are
 *                      read in it)
 *   --now DATE         the instant lag and future dates are measured against
 *                      (default: the clock)
 *   --encoding NAME    utf-8, utf-16le, utf-16be, gb18030 (gbk), instead of
 *                      detecting
 *   --delimiter C      , ; | tab (or \t) or any one ASCII character
 *   --quote C|none     the quote character, or no quoting
 *   --escape C|none    the escape inside quotes (default: a doubled quote)
 *   --header yes|no    whether the first record names the columns
 *   --skip N           preamble lines before the first record
 *   --ragged fix|error pad short rows and cut long ones (counted), or fail
 *   --type COL=TYPE    read column COL as int, float, timestamp, date, bool
 *                      or string (repeatable)
 *   --no-append        keep files with the same header as separate datasets
 *   --salt HEX         the 32 hex digits of the privacy masking key (default:
 *                      $LODESTAR_SALT, else 16 bytes from /dev/urandom)
 *   --unmask           show personal data as it is (docs/privacy.md); it is
 *                      masked by default
 * Anything not starting with "--" is a file; a workspace file
 * (.lodestar.sqlite, workspace/wsfile.h) replaces what was loaded before it,
 * zone and settings included (--tz, when given, still wins). */
#ifndef LS_CLI_LOADARGS_H
#define LS_CLI_LOADARGS_H

#include <stdint.h>

#include "base/tz.h"
#include "catalog/catalog.h"
#include "workspace/load.h"
#include "workspace/workspace.h"

typedef struct {
  ls_load_options o;
  ls_tz tz;
  int tz_given; /* --tz was given: it wins over a workspace file's zone */
  int64_t now;
  uint8_t salt[16];
  int salt_given; /* --salt was given */
  int unmask;     /* --unmask */
  char **files; /* points into argv */
  int nfiles;
} cli_load;

/* Defaults, with room for up to argc files; 0 on out of memory. */
int cli_load_init(cli_load *l, int argc);
void cli_load_free(cli_load *l);
/* Read argument a (and its value val, may be NULL) for command cmd.
 * Returns how many arguments it used (1: a file or a flag alone, 2: an
 * option and its value), 0 when a is no load option, and -1 after printing
 * a usage error. */
int cli_load_arg(cli_load *l, const char *cmd, const char *a, const char *val);
/* Print "lodestar: " and the message to stderr with a pointer to help;
 * returns 2 (a usage error's exit status). */
int cli_usage(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* A day written YYYY-MM-DD (s may be NULL) as its midnight read as UTC wall
 * time into *t (the caller places it in the workspace zone); 0 otherwise. */
int cli_parse_day(const char *s, int64_t *t);
/* The instant a day from cli_parse_day ends in zone tz: the next day's
 * midnight there (a --to or --at DATE includes the whole day). */
int64_t cli_day_end(ls_tz tz, int64_t day);
/* The --where conditions of a command: scope.where points at w, and each
 * condition's column is copied (the value is read in place from argv). */
#define CLI_WHERE_MAX 16
typedef struct {
  ls_scope scope;
  ls_where w[CLI_WHERE_MAX];
  char *column[CLI_WHERE_MAX];
} cli_where;
/* Add "--where COLUMN=VALUE" of command cmd: 1 added; 0 when val is not
 * COLUMN=VALUE (the caller's bad-option path); -1 after a usage error (too
 * many: exit 2); -2 out of memory (exit 1). */
int cli_where_add(cli_where *c, const char *cmd, const char *val);
void cli_where_free(cli_where *c);
/* Print s to stdout as one CSV field (quoted when it holds , " or a line end). */
void cli_csv_text(const char *s);
/* A workspace with the zone and clock set and every file loaded; NULL after
 * printing the error (its message names file, line and column). */
ls_workspace *cli_load_workspace(const cli_load *l);
/* The whole of a text file (a rules file), NUL-terminated; the caller
 * ls_frees it. NULL after printing "lodestar: PATH: reason" to stderr. */
char *cli_read_text(const char *path);

#endif
