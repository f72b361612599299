/* token.c — signed form tokens and random secrets (libsodium). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "request.h"
#include "settings.h"
#include "store.h"
#include "token.h"

#define MAC_HEX (crypto_auth_BYTES * 2)

#define NONCE_HEX 24 /* 96 random bits: no two forms share a token */

static void token_mac(const struct request *r, const char *purpose,
    long long when, const char *nonce, char out[MAC_HEX + 1])
{
	crypto_auth_hmacsha512256_state st;
	unsigned char mac[crypto_auth_BYTES];
	char t[24];
	const char *session = r->session ? r->session : "";

	snprintf(t, sizeof(t), "%lld", when);
	crypto_auth_hmacsha512256_init(&st, r->app->secret,
	    sizeof(r->app->secret));
	/* Length-prefixed parts: no two inputs share an encoding. */
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)purpose,
	    strlen(purpose) + 1);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)t,
	    strlen(t) + 1);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)session,
	    strlen(session) + 1);
	/* A token made before nonces has none, and its MAC is unchanged. */
	if (*nonce != '\0')
		crypto_auth_hmacsha512256_update(&st,
		    (const unsigned char *)nonce, strlen(nonce) + 1);
	crypto_auth_hmacsha512256_final(&st, mac);
	hex_encode(out, mac, sizeof(mac));
}

const char *token_make_at(struct request *r, const char *purpose,
    time_t when)
{
	char mac[MAC_HEX + 1];
	long long t = when > 0 ? (long long)when : (long long)time(NULL);
	const char *nonce = token_random_hex(r, NONCE_HEX / 2);

	token_mac(r, purpose, t, nonce, mac);
	return arena_printf(r->a, "%lld.%s.%s", t, nonce, mac);
}

const char *token_make(struct request *r, const char *purpose)
{
	return token_make_at(r, purpose, 0);
}

/* Splits "TIME.NONCE.MAC" (or, made before nonces, "TIME.MAC"): 0 with
 * *when, nonce (NUL-terminated, "" for none) and *mac set, else -1. */
static int token_split(const char *token, long long *when,
    char nonce[NONCE_HEX + 1], const char **mac)
{
	char num[24];
	const char *dot = strchr(token, '.'), *next;

	if (dot == NULL || (size_t)(dot - token) >= sizeof(num))
		return -1;
	memcpy(num, token, (size_t)(dot - token));
	num[dot - token] = '\0';
	/* One spelling per time: no leading zero. */
	if ((num[0] == '0' && num[1] != '\0') ||
	    parse_ll(num, 0, 1LL << 40, when) != 0)
		return -1;
	*nonce = '\0';
	next = strchr(dot + 1, '.');
	if (next != NULL) {
		if (next - (dot + 1) != NONCE_HEX || strspn(dot + 1,
		    "0123456789abcdef") != NONCE_HEX)
			return -1;
		memcpy(nonce, dot + 1, NONCE_HEX);
		nonce[NONCE_HEX] = '\0';
		dot = next;
	}
	*mac = dot + 1;
	return strlen(*mac) == MAC_HEX ? 0 : -1;
}

enum token_status token_check(struct request *r, const char *purpose,
    const char *token, time_t *issued)
{
	char mac[MAC_HEX + 1], nonce[NONCE_HEX + 1];
	const char *got;
	long long when;

	if (token == NULL || *token == '\0')
		return TOKEN_MISSING;
	if (token_split(token, &when, nonce, &got) != 0)
		return TOKEN_INVALID;
	token_mac(r, purpose, when, nonce, mac);
	if (sodium_memcmp(mac, got, MAC_HEX) != 0)
		return TOKEN_INVALID;
	*issued = (time_t)when;
	return TOKEN_OK;
}

int token_has_nonce(const char *token)
{
	char nonce[NONCE_HEX + 1];
	const char *mac;
	long long when;

	return token_split(token, &when, nonce, &mac) == 0 && *nonce != '\0';
}

const char *token_random_hex_in(struct arena *a, size_t n)
{
	unsigned char raw[64];
	char *out;

	if (n > sizeof(raw))
		n = sizeof(raw);
	randombytes_buf(raw, n);
	out = arena_alloc(a, 2 * n + 1);
	hex_encode(out, raw, n);
	return out;
}

const char *token_random_hex(struct request *r, size_t n)
{
	return token_random_hex_in(r->a, n);
}

int token_load_secret(struct store *st, unsigned char key[32])
{
	sqlite3_stmt *s = store_stmt(st, SQL_SETTING_GET);
	const char *hex;
	size_t len = 0;
	int rc = -1;

	sql_text(s, 1, SETTING_NAME(secret_key));
	if (sqlite3_step(s) == SQLITE_ROW) {
		hex = sql_col(s, 0);
		if (sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &len,
		    NULL) == 0 && len == 32)
			rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

int token_init_secret(struct store *st)
{
	unsigned char key[32];
	char hex[65];

	if (token_load_secret(st, key) == 0)
		return 0;
	randombytes_buf(key, sizeof(key));
	hex_encode(hex, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	return setting_set(st, SET_secret_key, hex);
}

const char *token_hash_in(struct arena *a, const char *token)
{
	unsigned char h[crypto_generichash_BYTES];
	char *hex = arena_alloc(a, 2 * sizeof(h) + 1);

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	hex_encode(hex, h, sizeof(h));
	return hex;
}

const char *token_hash(struct request *r, const char *token)
{
	return token_hash_in(r->a, token);
}

const char *token_status_link(struct store *st, struct arena *a,
    long long statement_id)
{
	const char *token = token_random_hex_in(a, STATUS_TOKEN_BYTES);
	sqlite3_stmt *s = store_stmt(st, SQL_STATUS_LINK_ADD);

	sql_text(s, 1, token_hash_in(a, token));
	sql_int(s, 2, statement_id);
	return store_exec(s) == SQLITE_DONE ? token : NULL;
}

const char *token_reset_link(struct store *st, struct arena *a,
    long long moderator_id)
{
	const char *token = token_random_hex_in(a, 32);
	long long now = (long long)time(NULL);
	sqlite3_stmt *s = store_stmt(st, SQL_RESET_LINK_PRUNE);

	sql_int(s, 1, now - 86400);
	if (store_exec(s) != SQLITE_DONE)
		return NULL;
	s = store_stmt(st, SQL_RESET_LINK_ADD);
	sql_text(s, 1, token_hash_in(a, token));
	sql_int(s, 2, moderator_id);
	sql_int(s, 3, now + RESET_LINK_SECONDS);
	return store_exec(s) == SQLITE_DONE ? token : NULL;
}

const char *token_my_link(struct store *st, struct arena *a,
    const char *email)
{
	const char *token = token_random_hex_in(a, 32);
	long long now = (long long)time(NULL);
	sqlite3_stmt *s = store_stmt(st, SQL_MY_LINK_PRUNE);

	sql_int(s, 1, now - 86400);
	if (store_exec(s) != SQLITE_DONE)
		return NULL;
	s = store_stmt(st, SQL_MY_LINK_ADD);
	sql_text(s, 1, token_hash_in(a, token));
	sql_text(s, 2, email);
	sql_int(s, 3, now + MY_LINK_SECONDS);
	return store_exec(s) == SQLITE_DONE ? token : NULL;
}
