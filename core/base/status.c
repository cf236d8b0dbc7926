/* status.c: names and messages of the status table. */
#include "base/status.h"

const char *ls_status_name(int status) {
  switch (status) {
#define LS_STATUS_NAME(name, msg) \
  case LS_##name:                 \
    return "LS_" #name;
    LS_STATUS_LIST(LS_STATUS_NAME)
#undef LS_STATUS_NAME
  }
  return "?";
}

const char *ls_status_message(int status) {
  switch (status) {
#define LS_STATUS_MSG(name, msg) \
  case LS_##name:                \
    return msg;
    LS_STATUS_LIST(LS_STATUS_MSG)
#undef LS_STATUS_MSG
  }
  return "unknown status";
}
