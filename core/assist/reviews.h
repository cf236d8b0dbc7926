/* reviews.h: review triage. Each negative review of a reviews dataset is
 * classified as logistics (appealable: late, lost or damaged in transit),
 * product quality, or other, by keyword rules in English and Chinese (物流,
 * 快递, 延迟, 质量, 破损, 假货…), or by labels the caller brings (the LLM's).
 * Exact rules and the negative threshold: docs/reviews.md. */
#ifndef LS_ASSIST_REVIEWS_H
#define LS_ASSIST_REVIEWS_H

#include <stddef.h>

#include "base/status.h"
#include "base/timeutil.h"
#include "cJSON.h"
#include "workspace/workspace.h"

typedef enum { LS_REVIEW_LOGISTICS, LS_REVIEW_PRODUCT, LS_REVIEW_OTHER, LS_REVIEW_CAT_COUNT } ls_review_cat;

/* "logistics", "product_quality", "other". */
const char *ls_review_cat_name(ls_review_cat c);

/* The keyword rules on text (UTF-8, any bytes, len bytes): the category;
 * *ev and *ev_len the matched keyword in text (the evidence), 0 and 0 for
 * other. Never fails, never allocates. */
ls_review_cat ls_review_classify(const char *text, size_t len, size_t *ev, size_t *ev_len);

/* Triage the first reviews dataset of ws. spec (may be NULL):
 *   {"grain": "day"|"week"|"month" (week), "from", "to",
 *    "labels": [{"row": n, "category", "reason", "evidence"}]}  (the LLM's;
 *    they replace the rules' for those rows)
 * *out: {"dataset", "negative_rule", "total", "negatives", "grain",
 *   "periods": [labels], "reviews": [n per period], "rate": {category:
 *   [negatives of the category / reviews, per period]}, "counts": {category: n},
 *   "items": [{"row", "id", "order_id", "product_id", "rating", "text",
 *   "created", "category", "source": "rules"|"llm", "reason", "evidence"}]
 *   (negative reviews, newest first, at most LS_REVIEW_MAX_ITEMS),
 *   "appeals": [{"order_id", "category", "reason", "evidence"}]}
 * LS_ENODATA without a reviews dataset; LS_EINVAL for a bad spec (message
 * on ws). */
#define LS_REVIEW_MAX_ITEMS 5000
ls_status ls_reviews_triage(ls_workspace *ws, const cJSON *spec, cJSON **out);

#endif
