/* post.h: send a JSON body to a URL with an HTTP POST, through the curl program. */
#ifndef LS_CLI_POST_H
#define LS_CLI_POST_H

#include <stddef.h>

/* POST body (Content-Type: application/json) to url by running `curl -q -sS -f -g -X POST
 * ... --data-binary @- --url URL` (no shell, no ~/.curlrc, no URL globbing), the body on
 * curl's stdin. 0 on success; 1 with the reason in err[errlen]: curl's stderr and exit
 * status, a refused URL, or a reply that refuses the message with HTTP 200 (a JSON object
 * with a non-zero "errcode" (DingTalk) or "code" (Feishu): "post: the webhook refused the
 * message: errcode N: <errmsg or msg>"). Only http:// and https:// URLs are accepted. */
int cli_post_json(const char *url, const char *body, char *err, size_t errlen);

#endif
