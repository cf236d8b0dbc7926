/* whexport.c: the exportable metrics and analyses, and a query's assembly
 * (warehouse/whexport.h). */
#include "warehouse/whexport.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "warehouse/whbuild.h"

typedef struct wh_builder wh_builder;

/* every module's builders, in the order --list prints them */
static const struct {
  const wh_builder *b;
  const size_t *n;
} MODULES[] = {
    {WH_REVENUE, &WH_REVENUE_COUNT},
    {WH_COMMERCE, &WH_COMMERCE_COUNT},
    {WH_ACTIVITY, &WH_ACTIVITY_COUNT},
    {WH_TECH, &WH_TECH_COUNT},
    {WH_SESSIONS, &WH_SESSIONS_COUNT},
    {WH_LIFECYCLE, &WH_LIFECYCLE_COUNT},
    {WH_RETENTION, &WH_RETENTION_COUNT},
    {WH_FUNNEL, &WH_FUNNEL_COUNT},
};
#define NMODULES (sizeof MODULES / sizeof MODULES[0])

/* ---- private ---- */

static const wh_builder *find(const char *name) {
  for (size_t m = 0; name && m < NMODULES; m++)
    for (size_t i = 0; i < *MODULES[m].n; i++)
      if (strcmp(MODULES[m].b[i].name, name) == 0) return &MODULES[m].b[i];
  return NULL;
}

/* the comment lines naming each table read and its roles' columns */
static void header(const wh_ctx *c, ls_text *out) {
  for (int k = 1; k < LS_KIND_COUNT; k++) {
    if (!c->used[k]) continue;
    const ls_wh_table *t = &c->m->t[k];
    ls_text_printf(out, "-- table %s:", t->table);
    int first = 1;
    for (int r = 0; r < LS_ROLE_COUNT; r++) {
      if (!(c->used[k] >> r & 1)) continue;
      const char *role = ls_role_name((ls_role)r), *col = t->col[r];
      ls_text_printf(out, "%s %s", first ? "" : ",", role);
      if (strcmp(role, col) != 0) ls_text_printf(out, strpbrk(col, " ,=\"") ? "=\"%s\"" : "=%s", col);
      first = 0;
    }
    if (k == LS_KIND_EVENTS && c->property) ls_text_printf(out, "%s property %s", first ? "" : ",", c->property);
    ls_text_puts(out, "\n");
  }
}

static ls_status setup(wh_ctx *c, const ls_wh_mapping *m, ls_wh_dialect d, const ls_wh_request *r) {
  memset(c, 0, sizeof *c);
  c->d = d;
  c->m = m;
  c->r = r;
  if (m->tz[0] && !ls_tz_parse(m->tz, &c->tz)) return wh_fail(c, "mapping: unknown time zone %s", m->tz), LS_EINVAL;
  if (!r->metric) return LS_OK;
  c->def = ls_catalog_find(r->metric);
  if (!c->def) return wh_fail(c, "no metric named %s", r->metric), LS_ENOTFOUND;
  c->grain = r->grain ? r->grain : c->def->default_grain;
  if (!(c->def->grains & c->grain))
    return wh_fail(c, "%s has no %s grain", r->metric, ls_grain_name(c->grain)), LS_EINVAL;
  if (r->property && !(c->def->args & LS_ARG_PROPERTY))
    return wh_fail(c, "%s takes no property", r->metric), LS_EINVAL;
  if (r->event && !(c->def->args & LS_ARG_EVENT)) return wh_fail(c, "%s takes no event", r->metric), LS_EINVAL;
  return LS_OK;
}

/* ---- API ---- */

size_t ls_wh_count(void) {
  size_t n = 0;
  for (size_t m = 0; m < NMODULES; m++) n += *MODULES[m].n;
  return n;
}

const char *ls_wh_name_at(size_t i) {
  for (size_t m = 0; m < NMODULES; m++) {
    if (i < *MODULES[m].n) return MODULES[m].b[i].name;
    i -= *MODULES[m].n;
  }
  return NULL;
}

unsigned ls_wh_kinds(const ls_wh_request *r) {
  const char *name = r->metric ? r->metric : r->analysis;
  const wh_builder *b = find(name);
  if (!b) return 0;
  const ls_metric_def *def = r->metric ? ls_catalog_find(r->metric) : NULL;
  return b->kinds | (def ? 1u << def->needs : 0);
}

ls_status ls_wh_export(const ls_wh_mapping *m, ls_wh_dialect d, const ls_wh_request *r, char **sql, char *err,
                       size_t errlen) {
  wh_ctx c;
  ls_text body = LS_TEXT_INIT, out = LS_TEXT_INIT;
  const char *name = r->metric ? r->metric : r->analysis;
  const wh_builder *b = find(name);
  ls_status st = setup(&c, m, d, r);
  if (st == LS_OK && !b) {
    st = LS_ENOTFOUND;
    wh_fail(&c, "%s %s does not export to SQL (lodestar sql-export --list)", r->metric ? "metric" : "analysis",
            name ? name : "(none)");
  }
  if (st == LS_OK) {
    c.b = &body;
    if (!b->build(&c) || c.failed) st = LS_EINVAL;
  }
  if (st == LS_OK) {
    header(&c, &out);
    ls_text_puts(&out, body.s ? body.s : "");
    ls_text_puts(&out, d == LS_WH_CLICKHOUSE ? "\nSETTINGS join_use_nulls = 1;\n" : ";\n");
    if (body.oom || out.oom) st = LS_ENOMEM;
  }
  if (st != LS_OK && errlen) snprintf(err, errlen, "%s", st == LS_ENOMEM ? "out of memory" : c.err);
  for (size_t i = 0; i < c.nkeep; i++) ls_free(c.keep[i]);
  ls_free(c.keep);
  ls_free(body.s);
  if (st == LS_OK) *sql = out.s;
  else ls_free(out.s);
  return st;
}

ls_status ls_wh_ddl(const ls_wh_mapping *m, ls_wh_dialect d, char **out, char *err, size_t errlen) {
  ls_text t = LS_TEXT_INIT;
  for (int k = 1; k < LS_KIND_COUNT; k++) {
    const ls_wh_table *tab = &m->t[k];
    if (!tab->present) continue;
    if (!tab->nschema) {
      snprintf(err, errlen, "mapping: the %s table has no \"schema\" (lodestar mapping writes one)", ls_kind_name((ls_kind)k));
      ls_free(t.s);
      return LS_EINVAL;
    }
    ls_text_puts(&t, "CREATE TABLE ");
    wh_ident(&t, d, tab->table);
    ls_text_puts(&t, " (\n");
    for (size_t i = 0; i < tab->nschema; i++) {
      ls_text_puts(&t, "  ");
      wh_ident(&t, d, tab->schema[i].name);
      ls_text_printf(&t, " %s%s\n", wh_type(d, tab->schema[i].type), i + 1 < tab->nschema ? "," : "");
    }
    ls_text_puts(&t, d == LS_WH_CLICKHOUSE ? ") ENGINE = Log;\n" : ");\n");
  }
  if (t.oom) {
    ls_free(t.s);
    return LS_ENOMEM;
  }
  *out = t.s ? t.s : ls_calloc(1, 1);
  return *out ? LS_OK : LS_ENOMEM;
}
