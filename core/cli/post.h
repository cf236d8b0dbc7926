/* post.h: send a JSON body to a URL with an HTTP POST, through the curl program. */
#ifndef LS_CLI_POST_H
#define LS_CLI_POST_H

#include <stddef.h>

/* POST body (Content-Type: application/json) to url by running `curl -sS -f -X POST ...
 * --data-binary @- URL` (no shell), the body on curl's stdin. 0 on success; 1 with the
 * reason (curl's stderr and exit status, or a refused URL) in err[errlen]. Only http://
 * and https:// URLs are accepted. */
int cli_post_json(const char *url, const char *body, char *err, size_t errlen);

#endif
