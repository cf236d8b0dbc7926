/* notify.h: webhook bodies (Slack, Feishu, DingTalk) for the alerts of a monitor run.
 * The shapes are in docs/monitoring-detectors.md. */
#ifndef LS_NOTIFY_H
#define LS_NOTIFY_H

#include "base/status.h"

/* A webhook body for the alerts of a ls_monitor_run result: target "slack" | "feishu" |
 * "dingtalk", lang "en" | "zh-CN" | "zh-TW". Caller ls_frees. LS_EINVAL for an unknown
 * target or lang, LS_EPARSE when monitor_json is not a monitor result, LS_ENOMEM. */
ls_status ls_notify_payload(const char *monitor_json, const char *target, const char *lang,
                            char **out);

#endif
