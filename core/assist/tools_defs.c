/* tools_defs.c: the definitions of the assistant's tools (ls_tools_json),
 * written for the model to read: what each returns and when to use it. */
#include "assist/tools_internal.h"

#include "base/alloc.h"

/* The definitions as JSON text; LS_SQL_MAX_ROWS is 1000 (checked by
 * test_tools.c). */
static const char DEFS[] =
  "["
  "{\"name\":\"list_datasets\","
  "\"description\":\"Lists the datasets the user loaded: for each its SQL table name (sql_table, the name to use "
  "in run_sql), its detected kind (subscriptions, events, payments, customers, marketing_spend, reviews, ...), "
  "its row count and its columns with their type and detected role (customer_id, timestamp, amount, plan, ...). "
  "Also the workspace time zone and the last day with data (through). Schema only, never a row. Call it first "
  "when you need to know what data exists or to write SQL.\","
  "\"input_schema\":{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}},"

  "{\"name\":\"list_metrics\","
  "\"description\":\"Lists every metric Lodestar computes (MRR, churn rates, DAU, retention, conversion, revenue, "
  "...): name, title, unit (currency, count, ratio as a fraction: 0.1 is 10%, ...), a one-sentence definition, "
  "the dataset kind it needs, its grains and the extra arguments it takes, and whether the loaded data can compute "
  "it (available). Use it to find the metric that answers a question before calling get_metric.\","
  "\"input_schema\":{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}},"

  "{\"name\":\"get_metric\","
  "\"description\":\"Computes one metric from the catalog over the loaded data, exactly as the dashboard shows it: "
  "the complete periods (labels YYYY-MM-DD, or YYYY-MM for months, in the workspace time zone), a value per "
  "period (null where undefined) and the latest period's value with its change from the previous one. With by, "
  "the metric per value of that column (the largest 10 unless top says otherwise). Prefer this to run_sql for any "
  "metric in the catalog: the definitions and settings are the dashboard's. At most 400 periods, the latest.\","
  "\"input_schema\":{\"type\":\"object\",\"properties\":{"
  "\"name\":{\"type\":\"string\",\"description\":\"The metric's name from list_metrics, e.g. mrr, "
  "customer_churn_rate, dau.\"},"
  "\"grain\":{\"type\":\"string\",\"enum\":[\"day\",\"week\",\"month\"],\"description\":\"The period length; "
  "default: the metric's own.\"},"
  "\"from\":{\"type\":\"string\",\"description\":\"First day, YYYY-MM-DD (workspace time zone).\"},"
  "\"to\":{\"type\":\"string\",\"description\":\"Last day, YYYY-MM-DD.\"},"
  "\"by\":{\"type\":\"string\",\"description\":\"A column of the metric's dataset to break it down by (e.g. "
  "plan, country, channel).\"},"
  "\"top\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100,\"description\":\"With by: how many of the "
  "largest segments to keep (default 10).\"},"
  "\"where\":{\"type\":\"array\",\"description\":\"Only the rows where each column equals its value.\","
  "\"items\":{\"type\":\"object\",\"properties\":{\"column\":{\"type\":\"string\"},\"value\":{\"type\":"
  "\"string\"}},\"required\":[\"column\",\"value\"]}},"
  "\"event\":{\"type\":\"string\",\"description\":\"For metrics that take it: only this event name.\"},"
  "\"property\":{\"type\":\"string\",\"description\":\"For metrics that take it: the numeric column to compute "
  "over.\"},"
  "\"settings\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"},\"description\":\"Metric "
  "settings for this call only, e.g. {\\\"churn_denominator\\\": \\\"start_plus_new\\\"} (see explain_metric).\"}},"
  "\"required\":[\"name\"],\"additionalProperties\":false}},"

  "{\"name\":\"run_sql\","
  "\"description\":\"Runs one read-only SQL query (SQLite dialect) over the loaded datasets and returns the "
  "columns and rows. Table names are the sql_table names from list_datasets (a dataset's kind, such as events or "
  "subscriptions, also names the first dataset of that kind). Times are text, the wall-clock time in the workspace "
  "time zone, 'YYYY-MM-DD HH:MM:SS' (dates 'YYYY-MM-DD'), so date(ts) and strftime('%Y-%m', ts) give the "
  "dashboard's days and months. SELECT only (WITH and VALUES too); one statement; at most 1000 rows are returned "
  "(truncated says when there were more: aggregate instead); long queries are stopped. Use it for questions no "
  "catalog metric answers; the user sees the SQL.\","
  "\"input_schema\":{\"type\":\"object\",\"properties\":{"
  "\"query\":{\"type\":\"string\",\"description\":\"One SQLite SELECT statement.\"},"
  "\"max_rows\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":1000,\"description\":\"Rows to return at most "
  "(default 1000).\"}},"
  "\"required\":[\"query\"],\"additionalProperties\":false}},"

  "{\"name\":\"explain_metric\","
  "\"description\":\"Explains one metric: its exact definition, unit, the dataset kind it needs, its grains, "
  "whether the loaded data can compute it, and the settings it reads with their current and default values. Use it "
  "when the user asks what a metric means or how it is computed.\","
  "\"input_schema\":{\"type\":\"object\",\"properties\":{"
  "\"name\":{\"type\":\"string\",\"description\":\"The metric's name from list_metrics.\"}},"
  "\"required\":[\"name\"],\"additionalProperties\":false}},"

  "{\"name\":\"make_chart\","
  "\"description\":\"Draws a chart in the conversation for the user: a metric from the catalog by name (computed "
  "as get_metric does), or series you give (each a label, period labels and values of the same length, taken from "
  "tool results, never invented). Use it when a trend or a comparison is easier to see than to read. Returns "
  "whether it was drawn.\","
  "\"input_schema\":{\"type\":\"object\",\"properties\":{"
  "\"type\":{\"type\":\"string\",\"enum\":[\"line\",\"bar\"]},"
  "\"title\":{\"type\":\"string\"},"
  "\"metric\":{\"type\":\"string\",\"description\":\"A metric name to chart (instead of series).\"},"
  "\"grain\":{\"type\":\"string\",\"enum\":[\"day\",\"week\",\"month\"],\"description\":\"With metric: the "
  "period length.\"},"
  "\"series\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
  "\"label\":{\"type\":\"string\"},"
  "\"periods\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
  "\"values\":{\"type\":\"array\",\"items\":{\"type\":[\"number\",\"null\"]}}},"
  "\"required\":[\"label\",\"periods\",\"values\"]}}},"
  "\"required\":[\"type\",\"title\"],\"additionalProperties\":false}}"
  "]";

/* tools.h */
cJSON *ls_tools_json(void) {
  ls_alloc_init_json();
  return cJSON_Parse(DEFS);
}
