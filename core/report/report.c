/* report.c: ls_report (report/report.h): build the model, write it. */
#include <string.h>

#include "base/alloc.h"
#include "report/report_internal.h"

ls_status ls_report(ls_workspace *ws, ls_report_period p, int64_t at, const char *rules, ls_report_format f,
                    const char *lang, char **out) {
  *out = NULL;
  int lg = rp_lang(lang);
  if (lg < 0) return ls_workspace_fail(ws, LS_EINVAL, "report: unknown language \"%.64s\" (en, zh-CN, zh-TW)",
                                       lang ? lang : "");
  if ((unsigned)p > LS_REPORT_MONTHLY || (unsigned)f > LS_REPORT_HTML)
    return ls_workspace_fail(ws, LS_EINVAL, "report: unknown period or format");
  rp_model m;
  ls_status st = rp_model_build(ws, p, at, rules, lg, &m);
  if (st == LS_OK) st = rp_model_extra(ws, rules, &m);
  if (st == LS_OK) st = rp_model_recs(ws, &m);
  rp_buf b = {NULL, 0, 0, 0};
  rp_doc d = {&m, NULL, 0, 0, 0};
  if (st == LS_OK) {
    rp_sections(&d);
    if (f == LS_REPORT_MD) rp_write_md(&d, &b);
    else rp_write_html(&d, &b);
    if (d.oom || b.oom || !b.s) st = ls_workspace_fail(ws, LS_ENOMEM, "report: out of memory");
  }
  rp_doc_free(&d);
  rp_model_free(&m);
  if (st != LS_OK) {
    ls_free(b.s);
    return st;
  }
  *out = b.s;
  return LS_OK;
}
