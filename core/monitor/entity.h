/* entity.h: entity rules (type "entity"): a condition evaluated per entity
 * (shop, campaign, customer) of one dataset, at the latest time or at every
 * hour of the last 24. docs/monitoring-entities.md documents the values,
 * the derived metrics (spend_velocity, roas), the hours and the ranking. */
#ifndef LS_ENTITY_H
#define LS_ENTITY_H

#include <stdint.h>

#include "base/status.h"
#include "cJSON.h"
#include "workspace/workspace.h"

/* Evaluate every entity rule of the rules file's JSON (rule objects with type "entity") over
 * ws at instant at (INT64_MIN: the workspace's latest). Appends to entities (a JSON array) one
 * object per entity per rule, ranked, and to alerts one per firing entity:
 *  entity object: {"rule","entity","region","status","values":{col: number},"severity" (the
 *    first matching condition's, or null),"action" (or null),"at": ISO time; hourly rules add
 *    "incidents":[{"severity","condition","first","last","hours"}]: the runs of firing hours
 *    that ended before the last hour, which raise no alert}
 *  alert object:  {"rule","kind":"entity","severity","entity","condition","values",
 *    "action","period": ISO time,"text": English one-liner}
 * LS_EINVAL with the message on ws for a bad rule (unknown column, bad expression). */
ls_status ls_entity_eval(ls_workspace *ws, const cJSON *rule, int64_t at, cJSON *entities,
                         cJSON *alerts);

#endif
