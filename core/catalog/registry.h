/* registry.h: the table of registered metrics (catalog/registry.c).
 * Private to catalog/: everything else asks catalog.h. */
#ifndef LS_REGISTRY_H
#define LS_REGISTRY_H

#include "catalog/catalog.h"

extern const ls_metric_def ls_registry[];
extern const size_t ls_registry_count;

#endif
