/* status.h: the one table of status codes every Lodestar function returns.
 *
 * The list below generates the enum, the names and the messages, so they never
 * drift. A status says what kind of failure happened; the detailed message
 * (file, line, column) lives on the handle that failed, never in a global. */
#ifndef LS_STATUS_H
#define LS_STATUS_H

#define LS_STATUS_LIST(XX)                                                   \
  XX(OK, "ok")                                                               \
  XX(ENOMEM, "out of memory")                                                \
  XX(EINVAL, "invalid argument")                                             \
  XX(EPARSE, "malformed input")                                              \
  XX(ENOTFOUND, "not found")                                                 \
  XX(ENODATA, "no dataset of the kind this metric needs")                    \
  XX(EGRAIN, "grain not supported by this metric")                           \
  XX(ERANGE, "value out of range")                                           \
  XX(ECURRENCY, "several currencies without a rate table")                   \
  XX(EIO, "input/output error")

typedef enum {
#define LS_STATUS_ENUM(name, msg) LS_##name,
  LS_STATUS_LIST(LS_STATUS_ENUM)
#undef LS_STATUS_ENUM
  LS_STATUS_COUNT
} ls_status;

/* "LS_EPARSE" for LS_EPARSE; "?" for a value outside the table. Static strings. */
const char *ls_status_name(int status);
/* "malformed input" for LS_EPARSE; "unknown status" outside the table. Static strings. */
const char *ls_status_message(int status);

#endif
