/* offline.h: the assistant without a key. A question in English or Chinese
 * is matched against metric names and their synonyms ("churn", "流失率",
 * "MRR", "月经常性收入", "DAU", "日活", "转化率"…) and a dimension it names
 * ("channel", "渠道", "plan", "套餐", "country", "国家"…); the answer is the
 * metric, its definition, its latest value and change, its series, the
 * monitor's judgement of it, and the C insights. Matching rules:
 * docs/assistant.md. */
#ifndef LS_ASSIST_OFFLINE_H
#define LS_ASSIST_OFFLINE_H

#include <stddef.h>

#include "base/status.h"
#include "cJSON.h"
#include "workspace/workspace.h"

typedef struct {
  const char *metric;  /* a catalog name (static) */
  const char *synonym; /* the synonym that matched (static) */
  int score;           /* higher is better */
} ls_assist_match;

/* The metrics question (UTF-8, any bytes) names, best first, at most max;
 * their count. Never fails, never allocates. */
size_t ls_assist_match_metrics(const char *question, ls_assist_match *out, size_t max);

/* The dimension question asks about ("channel", "plan", "country",
 * "segment", "region", "campaign"), or NULL. */
const char *ls_assist_match_dimension(const char *question);

/* The offline answer on ws. *out:
 *   {"question", "matched": [{"metric", "synonym", "score"}],
 *    "metric": name | null, "title", "unit", "description", "grain",
 *    "available": bool (its dataset is loaded),
 *    "latest": {"period", "value", "previous_period", "previous", "change",
 *               "change_pct", "lower_is_better"} | null,
 *    "series": {"periods": [labels], "values": [n|null]} | null,
 *    "by": dimension | null, "segments": [{"label", "value"}] | null (the
 *          latest period's values, best first),
 *    "rules": [{"id", "severity", "status", "message"}] (the monitor's
 *          default rules on this metric, judged at the as-of),
 *    "movers": [insights movers, at most 3], "contribution": {…} | null,
 *    "suggestions": [metric names] (when nothing matched: what it can answer)}
 * LS_ENOMEM only; a question that matches nothing is an answer with metric
 * null. */
ls_status ls_assist_answer(ls_workspace *ws, const char *question, cJSON **out);

/* The aggregates the assistant's preview shows and a request sends: the
 * latest value and change of every catalog metric that runs on ws without
 * arguments, at its default grain: {"aggregates": [{"metric", "unit",
 * "grain", "period", "value", "previous", "change_pct"}]}. */
ls_status ls_assist_aggregates(ls_workspace *ws, cJSON **out);

#endif
