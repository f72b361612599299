/* token.h — signed form tokens (CSRF) and random secrets.
 *
 * A form token is "TIME.NONCE.MAC": the Unix time the form was served, 96
 * random bits, and a keyed MAC (libsodium crypto_auth, HMAC-SHA-512-256)
 * over the form's purpose, that time, the session it belongs to ("" for
 * anonymous forms) and the nonce. It proves the form came from this site,
 * and when: sent too fast (a bot) or too late can be told apart. The nonce
 * makes each served form's token its own, so that it can name one sending
 * of that form (with what was sent, the submit form's idempotency key).
 * Tokens made before nonces ("TIME.MAC") are still accepted, but name no
 * single form.
 */
#ifndef DAIS_TOKEN_H
#define DAIS_TOKEN_H

#include <stddef.h>
#include <time.h>

struct request;

enum token_status {
	TOKEN_OK = 0,
	TOKEN_MISSING,
	TOKEN_INVALID,
};

/* A fresh token for purpose, bound to the request's session (if any). */
const char *token_make(struct request *r, const char *purpose);
/* The same, dated when (0: now): a form shown again keeps its first time. */
const char *token_make_at(struct request *r, const char *purpose,
    time_t when);
/* Checks a token; on TOKEN_OK *issued is when its form was served. */
enum token_status token_check(struct request *r, const char *purpose,
    const char *token, time_t *issued);

/* 1 when the token has a nonce: it names one served form. */
int token_has_nonce(const char *token);

/* n random bytes, hex-encoded into the arena (2n characters); _in: into
 * a, for code that has no request (the mail sender). */
const char *token_random_hex(struct request *r, size_t n);
const char *token_random_hex_in(struct arena *a, size_t n);

/* The hash under which a token is stored (hex): status links and session
 * cookies. */
const char *token_hash(struct request *r, const char *token);
const char *token_hash_in(struct arena *a, const char *token);

/* A status page token's random bytes (160 bits). */
#define STATUS_TOKEN_BYTES 20

/* A fresh private link to statement_id's status page, inside the
 * caller's transaction: its token (in a), whose hash is stored
 * (status_link); NULL on a database error. */
struct store;
struct arena;
const char *token_status_link(struct store *st, struct arena *a,
    long long statement_id);

/* "My statements": a sign-in link works once, for this long (seconds);
 * a submitter's session lasts MY_SESSION_SECONDS. */
#define MY_LINK_SECONDS 3600
#define MY_SESSION_SECONDS 3600
/* A fresh sign-in link for the address email, inside the caller's
 * transaction: its token (in a, 64 hex), whose hash is stored (my_link)
 * with the time it ends; NULL on a database error. */
const char *token_my_link(struct store *st, struct arena *a,
    const char *email);

/* A moderator's password reset link (page_account.c) works once, for
 * this long (seconds). */
#define RESET_LINK_SECONDS 3600
/* A fresh reset link for moderator_id, inside the caller's transaction,
 * as token_my_link: its token (in a, 64 hex), whose hash is stored
 * (reset_link); NULL on a database error. */
const char *token_reset_link(struct store *st, struct arena *a,
    long long moderator_id);

/* The worker's secret key from the `secret_key` setting (made by
 * `dais init`). 0, or -1 when it is missing. */
int token_load_secret(struct store *st, unsigned char key[32]);
/* Creates the secret if the database has none. */
int token_init_secret(struct store *st);

#endif
