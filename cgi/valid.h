/* valid.h — validators shared by the web forms and the command line.
 * Each returns NULL when the value is acceptable, else a sentence for a
 * person that completes "The …" (e.g. "must be a date like 2024-05-21"). */
#ifndef DAIS_VALID_H
#define DAIS_VALID_H

#include <stddef.h>

/* a-z, 0-9 and '-', 1 to 64 characters, not starting with '-'. */
const char *valid_slug(const char *s);
/* YYYY-MM-DD, a real day. */
const char *valid_date(const char *s);
/* http:// or https:// with a host; no spaces, quotes or angle brackets. */
const char *valid_url(const char *s);
/* local@domain.tld with no spaces, at most 254 bytes. */
const char *valid_email(const char *s);
/* A well-formed BCP 47 language tag (RFC 5646 syntax: language, script,
 * region, variants; no private-use-only or grandfathered tags). */
const char *valid_lang(const char *s);
/* A valid tag in its canonical case (RFC 5646 2.1.1: "pt-br" -> "pt-BR",
 * "ZH-hant" -> "zh-Hant"), in a: tags differ by case only in writing. */
struct arena;
const char *lang_canonical(struct arena *a, const char *tag);
/* One line of text of at most max characters (required: not blank), with
 * what valid_line_chars() checks. */
const char *valid_line(const char *s, size_t max, int required);

/* What an embeddable URL of ours names: base is dais's absolute mount URL
 * with its trailing slash ("https://example.org/statements/"). For
 * BASE "s/ID" sets *kind 's', for BASE "e/SLUG" 'e', and copies ID or SLUG
 * (lower-case letters, digits and '-', at most idlen - 1) into id. 0, or -1
 * for anything else (another site, another path, a query, odd bytes). */
int embed_url_parse(const char *base, const char *url, char *kind, char *id,
    size_t idlen);

/* 1 when the language is written right to left (ar, he, fa, ur, …). */
int lang_rtl(const char *tag);

/* The type of an uploaded document, from its bytes (never its name):
 * "application/pdf", the DOCX type or the ODT type; NULL for anything
 * else. ZIPs are told apart by their central directory's entries. */
const char *file_kind(const char *data, size_t n);

/* Text of any length (valid UTF-8, n bytes): no letter with more than
 * MARKS_MAX combining marks in a row (unicode.h). */
const char *valid_marks(const char *s, size_t n);
/* What a one-line value shown next to others (a name, a title) must not
 * have, beyond valid_marks(): invisible characters such as a zero width
 * space, a line or paragraph separator, or a direction control (U+202A–E,
 * U+2066–9) left open or closed without being opened. */
const char *valid_line_chars(const char *s, size_t n);

#endif
