/* slugpath.h — where a public address carries the slug of an event, a
 * session or an organisation (structure.c answers an old one with a
 * redirect). Pure string work, without the database: fuzzed
 * (tests/fuzz_slugpath.c). */
#ifndef DAIS_SLUGPATH_H
#define DAIS_SLUGPATH_H

#include <stddef.h>

struct buf;

#define SLUGPATH_MAX 128 /* a path segment's longest (route.c) */

/* A path split around its slug: prefix slug suffix rest, in that order,
 * is the path. */
struct slug_path {
	const char *prefix;   /* "/e/", "/fragment/event/"… */
	const char *kind;     /* "event" or "org" */
	const char *suffix;   /* ".atom" or "" */
	char slug[SLUGPATH_MAX + 1];
	const char *rest;     /* what follows: "", or "/" and more */
	const char *session;  /* the session's slug when rest is "/SLUG" on
	                       * an address that takes one, else NULL */
};

/* 0 when path is an address that carries a slug, else -1. */
int slug_path_split(const char *path, struct slug_path *sp);

/* The value of the first name=value of query (a raw query string) into
 * out (n bytes): 0, or -1 when there is none, it is empty, longer than
 * SLUGPATH_MAX or holds a "%" or "+" (slugs need no escape). */
int slug_query_value(const char *query, const char *name, char *out,
    size_t n);

/* query with the value of each name=value replaced by value, into out
 * (appended). */
void slug_query_replace(struct buf *out, const char *query, const char *name,
    const char *value);

#endif
