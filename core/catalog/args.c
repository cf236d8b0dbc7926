/* args.c: a query's event and property for a metric (catalog/args.h). */
#include "catalog/args.h"

#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/dict.h"
#include "base/numfmt.h"
#include "metrics/scope.h"

/* ---- private ---- */

/* 1 when some row of column c has the text name (ASCII case ignored) */
static int has_text(const ls_column *c, const char *name) {
  if (ls_column_type(c) == LS_TYPE_STRING) {
    const ls_dict *d = ls_column_dict(c);
    for (size_t id = 0; d && id < ls_dict_size(d); id++) {
      size_t len;
      const char *s = ls_dict_str(d, (int32_t)id, &len);
      if (ls_ascii_ieq(s, len, name)) return 1;
    }
    return 0;
  }
  char buf[LS_NUMFMT_MAX];
  for (size_t i = 0; i < ls_column_len(c); i++) {
    size_t len;
    const char *s = ls_scope_cell_text(c, i, buf, &len);
    if (s && ls_ascii_ieq(s, len, name)) return 1;
  }
  return 0;
}

static const ls_column *role_col(ls_workspace *ws, int di, ls_role r) {
  int c = ls_workspace_detection(ws, (size_t)di)->col[r];
  return c < 0 ? NULL : ls_table_col(ls_workspace_table(ws, (size_t)di), (size_t)c);
}

/* the property def reads under q into args->property */
static ls_status property(ls_workspace *ws, const ls_metric_def *def, int di, const ls_query *q, ls_args *args) {
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  if (q->property && !(def->args & LS_ARG_PROPERTY))
    return ls_workspace_fail(ws, LS_EINVAL, "%s takes no property", def->name);
  if (!(def->args & LS_ARG_PROPERTY)) return LS_OK;
  const ls_column *c = NULL;
  if (q->property) {
    for (size_t k = 0; !c && k < ls_table_ncols(t); k++) {
      const char *n = ls_column_name(ls_table_col(t, k));
      if (ls_ascii_ieq(n, strlen(n), q->property)) c = ls_table_col(t, k);
    }
    if (!c)
      return ls_workspace_fail(ws, LS_ENOTFOUND, "%s: no column named \"%s\" in %s", def->name, q->property,
                               ls_table_name(t));
  } else if (def->args & LS_ARG_PROPERTY_NEEDED) {
    c = role_col(ws, di, LS_ROLE_DURATION);
    if (!c)
      return ls_workspace_fail(ws, LS_EINVAL,
                               "%s needs a property: a number column of %s to compute over (--property)", def->name,
                               ls_table_name(t));
  }
  if (c && ls_column_type(c) != LS_TYPE_INT64 && ls_column_type(c) != LS_TYPE_DOUBLE)
    return ls_workspace_fail(ws, LS_EINVAL, "%s: property %s of %s holds %s values, not numbers", def->name,
                             ls_column_name(c), ls_table_name(t), ls_type_name(ls_column_type(c)));
  args->property = c ? ls_column_name(c) : NULL;
  return LS_OK;
}

/* ---- API ---- */

ls_status ls_args_scope(ls_workspace *ws, const ls_metric_def *def, int di, const ls_query *q, ls_args *args,
                        ls_where **where, ls_scope *sc) {
  *where = NULL;
  *args = (ls_args){NULL, NULL};
  *sc = q->scope;
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  const ls_column *ev = role_col(ws, di, LS_ROLE_EVENT);
  if (q->event && !(def->args & LS_ARG_EVENT))
    return ls_workspace_fail(ws, LS_EINVAL, "%s takes no event", def->name);
  ls_status st = property(ws, def, di, q, args);
  if (st != LS_OK) return st;
  args->feature = q->by ? q->by : ev ? ls_column_name(ev) : NULL;
  if (!q->event) return LS_OK;
  if (!ev) return ls_workspace_fail(ws, LS_EINVAL, "%s: %s has no event column", def->name, ls_table_name(t));
  if (!has_text(ev, q->event))
    return ls_workspace_fail(ws, LS_ENOTFOUND, "%s: no event named \"%s\" in %s (it is absent from the %s column)",
                             def->name, q->event, ls_table_name(t), ls_column_name(ev));
  if (!(*where = ls_calloc(q->scope.n + 1, sizeof **where))) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (size_t k = 0; k < q->scope.n; k++) (*where)[k] = q->scope.where[k];
  (*where)[q->scope.n] = (ls_where){ls_column_name(ev), q->event};
  sc->where = *where;
  sc->n = q->scope.n + 1;
  return LS_OK;
}
