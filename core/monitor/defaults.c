/* defaults.c: the rules used when the user gives none (monitor.h,
 * docs/alerts.md lists them and which fire on the demo workspace). A rule
 * whose dataset is not loaded has status no_data, never an error. */
#include "monitor/monitor.h"

static const char DEFAULT_RULES[] =
    "{\"rules\": [\n"
    " {\"id\": \"task-success\", \"title\": \"Task success rate under 95%\", \"type\": \"threshold\",\n"
    "  \"metric\": \"task_success_rate\", \"grain\": \"day\", \"op\": \"below\", \"value\": 0.95,\n"
    "  \"severity\": \"P1\", \"min_volume\": 50},\n"
    " {\"id\": \"latency-p95\", \"title\": \"p95 latency anomaly\", \"type\": \"anomaly\", \"metric\": \"p95\",\n"
    "  \"property\": \"latency_ms\", \"grain\": \"day\", \"detector\": \"mad\", \"window\": 30, \"threshold\": 3,\n"
    "  \"direction\": \"up\", \"severity\": \"P1\"},\n"
    " {\"id\": \"customer-churn\", \"title\": \"Customer churn rate over 5%\", \"type\": \"threshold\",\n"
    "  \"metric\": \"customer_churn_rate\", \"grain\": \"month\", \"op\": \"above\", \"value\": 0.05,\n"
    "  \"severity\": \"P0\"},\n"
    " {\"id\": \"mrr-churn\", \"title\": \"Gross MRR churn over 5%\", \"type\": \"threshold\",\n"
    "  \"metric\": \"gross_mrr_churn_rate\", \"grain\": \"month\", \"op\": \"above\", \"value\": 0.05,\n"
    "  \"severity\": \"P1\"},\n"
    " {\"id\": \"mrr-drop\", \"title\": \"MRR fell 10% week over week\", \"type\": \"change\", \"metric\": \"mrr\",\n"
    "  \"grain\": \"week\", \"op\": \"fall\", \"value\": 10, \"unit\": \"percent\", \"severity\": \"P2\"},\n"
    " {\"id\": \"error-rate\", \"title\": \"Error rate anomaly\", \"type\": \"anomaly\", \"metric\": \"error_rate\",\n"
    "  \"grain\": \"day\", \"detector\": \"mad\", \"window\": 30, \"threshold\": 3, \"direction\": \"up\",\n"
    "  \"severity\": \"P2\"},\n"
    " {\"id\": \"ltv-cac\", \"title\": \"LTV:CAC under 3\", \"type\": \"threshold\", \"metric\": \"ltv_cac\",\n"
    "  \"grain\": \"month\", \"op\": \"below\", \"value\": 3, \"severity\": \"P2\"},\n"
    " {\"id\": \"ad-breaker\", \"title\": \"Ad circuit breaker\", \"type\": \"entity\",\n"
    "  \"dataset\": \"marketing_spend\", \"entity\": \"campaign\", \"at\": \"hourly\",\n"
    "  \"conditions\": [{\"if\": \"roas < 1.5 and spend_velocity > 2\", \"severity\": \"P0\",\n"
    "                  \"action\": \"circuit_breaker\"}]},\n"
    " {\"id\": \"campaign-roas\", \"title\": \"Campaign ROAS watch\", \"type\": \"entity\",\n"
    "  \"dataset\": \"marketing_spend\", \"entity\": \"campaign\", \"at\": \"latest\", \"rank_by\": \"roas\",\n"
    "  \"conditions\": [{\"if\": \"roas < 1\", \"severity\": \"P1\"},\n"
    "                  {\"if\": \"roas < 2\", \"severity\": \"P2\"}]}\n"
    "],\n"
    " \"flapping\": {\"window\": 10, \"max_changes\": 4}}\n";

const char *ls_monitor_default_rules(void) { return DEFAULT_RULES; }
