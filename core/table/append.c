/* append.c: one table's rows after another's, with column types unified. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/timeutil.h"
#include "table/table.h"

/* ---- private ---- */

static ls_type unify(ls_type a, ls_type b) {
  if (a == b) return a;
  if ((a == LS_TYPE_INT64 || a == LS_TYPE_DOUBLE) && (b == LS_TYPE_INT64 || b == LS_TYPE_DOUBLE))
    return LS_TYPE_DOUBLE;
  return LS_TYPE_STRING;
}

/* Push row i of src to dst, whose type is src's or unify()'s result. */
static ls_status push_as(ls_column *dst, const ls_column *src, size_t i) {
  if (!ls_column_valid(src, i)) return ls_column_push_null(dst);
  ls_type from = ls_column_type(src);
  switch (ls_column_type(dst)) {
    case LS_TYPE_INT64:
    case LS_TYPE_TIME: return ls_column_push_i64(dst, ls_column_i64(src)[i]);
    case LS_TYPE_DOUBLE: return ls_column_push_f64(dst, ls_column_num(src, i));
    case LS_TYPE_BOOL: return ls_column_push_bool(dst, ls_column_bool(src)[i]);
    case LS_TYPE_STRING: break;
    default: return LS_EINVAL;
  }
  char buf[LS_NUMFMT_MAX > LS_TIME_TEXT_MAX ? LS_NUMFMT_MAX : LS_TIME_TEXT_MAX];
  const char *s = buf;
  size_t len;
  switch (from) {
    case LS_TYPE_STRING: s = ls_column_str(src, i, &len); return ls_column_push_str(dst, s, len);
    case LS_TYPE_INT64: snprintf(buf, sizeof buf, "%" PRId64, ls_column_i64(src)[i]); break;
    case LS_TYPE_DOUBLE: ls_fmt_double(ls_column_f64(src)[i], buf); break;
    case LS_TYPE_BOOL: s = ls_column_bool(src)[i] ? "true" : "false"; break;
    case LS_TYPE_TIME: ls_time_format_iso(ls_column_i64(src)[i], buf); break;
    default: return LS_EINVAL;
  }
  return ls_column_push_str(dst, s, strlen(s));
}

static ls_status push_all(ls_column *dst, const ls_column *src) {
  ls_status st = ls_column_reserve(dst, ls_column_len(dst) + ls_column_len(src));
  for (size_t i = 0, n = ls_column_len(src); st == LS_OK && i < n; i++) st = push_as(dst, src, i);
  return st;
}

static void merge_attributes(ls_column *dst, const ls_column *a, const ls_column *b) {
  ls_column_set_flags(dst, ls_column_flags(a) & ls_column_flags(b));
  const char *ca = ls_column_currency(a), *cb = ls_column_currency(b);
  ls_column_set_currency(dst, strcmp(ca, cb) == 0 ? ca : "");
}

/* ---- API ---- */

ls_status ls_table_append(ls_table *dst, const ls_table *src) {
  size_t n = ls_table_ncols(dst);
  if (n != ls_table_ncols(src)) return LS_EINVAL;
  size_t rows = ls_table_rows(dst);
  /* columns whose type changes are rebuilt aside and swapped in at the end */
  ls_column **fresh = ls_calloc(n ? n : 1, sizeof *fresh);
  ls_status st = fresh ? LS_OK : LS_ENOMEM;
  size_t done = 0; /* columns of dst appended to in place */
  for (size_t i = 0; st == LS_OK && i < n; i++) {
    ls_column *d = ls_table_col(dst, i);
    const ls_column *s = ls_table_col(src, i);
    ls_type t = unify(ls_column_type(d), ls_column_type(s));
    if (t == ls_column_type(d)) {
      st = push_all(d, s);
      done = i + 1;
      continue;
    }
    fresh[i] = ls_column_new(ls_column_name(d), t);
    st = fresh[i] ? push_all(fresh[i], d) : LS_ENOMEM;
    if (st == LS_OK) st = push_all(fresh[i], s);
    if (st == LS_OK) merge_attributes(fresh[i], d, s);
    done = i + 1;
  }
  if (st != LS_OK) {
    for (size_t i = 0; i < done; i++) {
      if (fresh && fresh[i])
        ls_column_free(fresh[i]);
      else if (fresh)
        ls_column_truncate(ls_table_col(dst, i), rows);
    }
    ls_free(fresh);
    return st;
  }
  for (size_t i = 0; i < n; i++) {
    ls_column *d = ls_table_col(dst, i);
    if (fresh[i])
      ls_column_free(ls_table_swap_col(dst, i, fresh[i]));
    else
      merge_attributes(d, d, ls_table_col(src, i));
  }
  ls_free(fresh);
  return LS_OK;
}
