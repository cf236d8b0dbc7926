/* sqlexportcmd.c: mapping and sql-export (cli/sqlexportcmd.h). */
#include "cli/sqlexportcmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "cli/loadargs.h"
#include "warehouse/whexport.h"
#include "warehouse/whmap.h"

#define MAX_NAMES 128

typedef struct {
  int dialect;
  const char *mapping, *out, *tz;
  const char *names[MAX_NAMES];
  int nnames;
  int list, ddl;
  ls_wh_request r;
  char *rest[64]; /* an analysis's own options */
} export_args;

/* ---- private ---- */

static int parse(export_args *a, int argc, char **argv) {
  memset(a, 0, sizeof *a);
  a->dialect = -1;
  for (int i = 0; i < argc; i++) {
    const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(o, "--list") == 0) {
      a->list = 1;
      continue;
    }
    if (strcmp(o, "--ddl") == 0) {
      a->ddl = 1;
      continue;
    }
    if (!v) return cli_usage("sql-export: missing value for %s", o);
    i++;
    if (strcmp(o, "--dialect") == 0) {
      if ((a->dialect = ls_wh_dialect_parse(v)) < 0)
        return cli_usage("sql-export: --dialect is clickhouse, postgres or duckdb, not %s", v);
    } else if (strcmp(o, "--mapping") == 0) a->mapping = v;
    else if (strcmp(o, "--out") == 0) a->out = v;
    else if (strcmp(o, "--tz") == 0) a->tz = v;
    else if (strcmp(o, "--event") == 0) a->r.event = v;
    else if (strcmp(o, "--property") == 0) a->r.property = v;
    else if (strcmp(o, "--analysis") == 0) a->r.analysis = v;
    else if (strcmp(o, "--grain") == 0) {
      if (!(a->r.grain = ls_grain_parse(v))) return cli_usage("sql-export: --grain is day, week or month, not %s", v);
    } else if (strcmp(o, "--metric") == 0) {
      if (a->nnames == MAX_NAMES) return cli_usage("sql-export: at most %d --metric", MAX_NAMES);
      a->names[a->nnames++] = v;
    } else if (a->r.analysis && a->r.argc + 2 <= (int)(sizeof a->rest / sizeof a->rest[0])) {
      a->rest[a->r.argc++] = argv[i - 1];
      a->rest[a->r.argc++] = argv[i];
    } else {
      return cli_usage("sql-export: unknown option %s", o);
    }
  }
  a->r.argv = a->rest;
  if (!a->list && a->dialect < 0) return cli_usage("sql-export: --dialect clickhouse|postgres|duckdb is needed%s", "");
  if (a->r.analysis && a->nnames) return cli_usage("sql-export: --analysis and --metric are exclusive%s", "");
  return 0;
}

/* the mapping file (or an empty mapping) with --tz applied; 0 after printing an error */
static int read_mapping(const export_args *a, ls_wh_mapping *m) {
  memset(m, 0, sizeof *m);
  if (a->mapping) {
    char *text = cli_read_text(a->mapping);
    if (!text) return 0;
    char err[256];
    ls_status st = ls_wh_mapping_parse(text, strlen(text), m, err, sizeof err);
    ls_free(text);
    if (st != LS_OK) {
      fprintf(stderr, "lodestar: %s: %s\n", a->mapping, err);
      return 0;
    }
  }
  if (a->tz) {
    ls_tz z;
    if (!ls_tz_parse(a->tz, &z)) {
      fprintf(stderr, "lodestar: sql-export: unknown time zone %s\n", a->tz);
      return 0;
    }
    snprintf(m->tz, sizeof m->tz, "%s", a->tz);
  }
  return 1;
}

/* write one query to DIR/NAME.sql, or to stdout after a blank line between queries */
static int emit(const export_args *a, const char *name, const char *sql, int nth) {
  if (!a->out) {
    printf("%s%s", nth ? "\n" : "", sql);
    return 1;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.sql", a->out, name);
  FILE *f = fopen(path, "wb");
  if (!f || fputs(sql, f) < 0 || fclose(f) != 0) {
    fprintf(stderr, "lodestar: %s: %s\n", path, strerror(errno));
    return 0;
  }
  return 1;
}

static int export_one(const export_args *a, ls_wh_mapping *m, ls_wh_request *r, int nth) {
  ls_wh_mapping_defaults(m, ls_wh_kinds(r));
  char *sql = NULL, err[256];
  ls_status st = ls_wh_export(m, (ls_wh_dialect)a->dialect, r, &sql, err, sizeof err);
  if (st != LS_OK) {
    fprintf(stderr, "lodestar: sql-export: %s\n", err);
    return st == LS_ENOTFOUND || st == LS_EINVAL ? 2 : 1;
  }
  int ok = emit(a, r->metric ? r->metric : r->analysis, sql, nth);
  ls_free(sql);
  return ok ? 0 : 1;
}

static int run(const export_args *a, ls_wh_mapping *m) {
  if (a->ddl) {
    char *ddl = NULL, err[256];
    if (ls_wh_ddl(m, (ls_wh_dialect)a->dialect, &ddl, err, sizeof err) != LS_OK) {
      fprintf(stderr, "lodestar: sql-export: %s\n", err);
      return 1;
    }
    fputs(ddl, stdout);
    ls_free(ddl);
    return 0;
  }
  if (a->out && mkdir(a->out, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "lodestar: %s: %s\n", a->out, strerror(errno));
    return 1;
  }
  ls_wh_request r = a->r;
  if (r.analysis) return export_one(a, m, &r, 0);
  int n = a->nnames ? a->nnames : (int)ls_wh_count();
  for (int i = 0; i < n; i++) {
    r.metric = a->nnames ? a->names[i] : ls_wh_name_at((size_t)i);
    if (!a->nnames && !ls_catalog_find(r.metric)) continue; /* an analysis: asked for by --analysis */
    int rc = export_one(a, m, &r, i);
    if (rc) return rc;
  }
  return 0;
}

/* ---- API ---- */

int cli_sql_export(int argc, char **argv) {
  export_args a;
  int rc = parse(&a, argc, argv);
  if (rc) return rc;
  if (a.list) {
    for (size_t i = 0; i < ls_wh_count(); i++) puts(ls_wh_name_at(i));
    return 0;
  }
  ls_wh_mapping *m = ls_calloc(1, sizeof *m);
  if (!m) return 1;
  rc = read_mapping(&a, m) ? run(&a, m) : 1;
  ls_wh_mapping_free(m);
  ls_free(m);
  return rc;
}

int cli_mapping(int argc, char **argv) {
  cli_load l;
  if (!cli_load_init(&l, argc)) return 1;
  for (int i = 0; i < argc; i++) {
    int k = cli_load_arg(&l, "mapping", argv[i], i + 1 < argc ? argv[i + 1] : NULL);
    if (k < 0) return cli_load_free(&l), 2;
    if (k == 0) return cli_load_free(&l), cli_usage("mapping: unknown option %s", argv[i]);
    i += k - 1;
  }
  if (l.nfiles == 0) return cli_load_free(&l), cli_usage("mapping: no files given%s", "");
  ls_workspace *ws = cli_load_workspace(&l);
  char *json = NULL;
  int rc = 1;
  if (ws && ls_wh_mapping_json(ws, &json) == LS_OK) {
    fputs(json, stdout);
    rc = 0;
  }
  ls_free(json);
  ls_workspace_free(ws);
  cli_load_free(&l);
  return rc;
}
