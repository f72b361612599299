/* unit_i18n.c — i18n.c: Plural-Forms rules against CLDR's categories for
 * each language, .mo lookups (context, plurals, malformed files), the
 * compiled-in catalogs, Accept-Language negotiation. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "i18n.h"
#include "util.h"

#define AR_RULE "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? " \
	"3 : n%100>=11 ? 4 : 5;"

/* Arabic's categories by CLDR: zero, one, two, few (n%100 in 3..10), many
 * (n%100 in 11..99), other. */
static long ar_cldr(unsigned long n)
{
	if (n == 0)
		return 0;
	if (n == 1)
		return 1;
	if (n == 2)
		return 2;
	if (n % 100 >= 3 && n % 100 <= 10)
		return 3;
	if (n % 100 >= 11)
		return 4;
	return 5;
}

static void test_plural_rules(void)
{
	unsigned long n;
	int ok_ar = 1, ok_fr = 1, ok_es = 1;

	for (n = 0; n <= 1200; n++) {
		ok_ar &= i18n_plural_eval(AR_RULE, n) == ar_cldr(n);
		ok_fr &= i18n_plural_eval("(n > 1);", n) == (n > 1);
		ok_es &= i18n_plural_eval("(n != 1)", n) == (n != 1);
	}
	CHECK(ok_ar);
	CHECK(ok_fr);
	CHECK(ok_es);
	CHECK(i18n_plural_eval(AR_RULE, 100) == 5);
	CHECK(i18n_plural_eval(AR_RULE, 103) == 3);
	CHECK(i18n_plural_eval(AR_RULE, 111) == 4);
	/* Precedence and associativity as in C. */
	CHECK(i18n_plural_eval("1 + 2 * 3", 0) == 7);
	CHECK(i18n_plural_eval("(1 + 2) * 3", 0) == 9);
	CHECK(i18n_plural_eval("10 - 4 - 3", 0) == 3);
	CHECK(i18n_plural_eval("n % 10 == 1 && n % 100 != 11 ? 0 : 1", 21)
	    == 0);
	CHECK(i18n_plural_eval("!n", 0) == 1);
	CHECK(i18n_plural_eval("n != 1", 2) == 1);
	CHECK(i18n_plural_eval("n >= 2 || n <= 0", 1) == 0);
	CHECK(i18n_plural_eval("n / 0 + n % 0", 5) == 0); /* no trap */
	CHECK(i18n_plural_eval("0 ? 1 : 0 ? 2 : 3", 0) == 3);
	/* Not the grammar. */
	CHECK(i18n_plural_eval("", 1) == -1);
	CHECK(i18n_plural_eval("n +", 1) == -1);
	CHECK(i18n_plural_eval("(n", 1) == -1);
	CHECK(i18n_plural_eval("n ? 1", 1) == -1);
	CHECK(i18n_plural_eval("x", 1) == -1);
	CHECK(i18n_plural_eval("n n", 1) == -1);
	CHECK(i18n_plural_eval("n = 1", 1) == -1);
	CHECK(i18n_plural_eval("99999999999999999999", 1) == -1);
	{
		/* Deep nesting is refused, not a stack overflow. */
		char deep[4096];
		size_t i;

		for (i = 0; i < 2000; i++)
			deep[i] = '(';
		deep[i] = 'n';
		deep[i + 1] = '\0';
		CHECK(i18n_plural_eval(deep, 1) == -1);
		for (i = 0; i < 2000; i++)
			deep[i] = '!';
		CHECK(i18n_plural_eval(deep, 1) == -1);
	}
}

/* ---- a .mo file made here ------------------------------------------------ */

struct pair {
	const char *id;
	size_t id_len;
	const char *str;
	size_t str_len;
};

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* A .mo of the pairs, which must be sorted by id: malloc'd, length in *len. */
static unsigned char *mo_make(const struct pair *p, size_t n, size_t *len)
{
	size_t off = 28 + 16 * n, i, total = off;
	unsigned char *mo;

	for (i = 0; i < n; i++)
		total += p[i].id_len + 1 + p[i].str_len + 1;
	mo = calloc(1, total);
	put32(mo, 0x950412de);
	put32(mo + 8, (uint32_t)n);
	put32(mo + 12, 28);
	put32(mo + 16, (uint32_t)(28 + 8 * n));
	for (i = 0; i < n; i++) {
		put32(mo + 28 + 8 * i, (uint32_t)p[i].id_len);
		put32(mo + 32 + 8 * i, (uint32_t)off);
		memcpy(mo + off, p[i].id, p[i].id_len);
		off += p[i].id_len + 1;
	}
	for (i = 0; i < n; i++) {
		put32(mo + 28 + 8 * n + 8 * i, (uint32_t)p[i].str_len);
		put32(mo + 32 + 8 * n + 8 * i, (uint32_t)off);
		memcpy(mo + off, p[i].str, p[i].str_len);
		off += p[i].str_len + 1;
	}
	*len = total;
	return mo;
}

#define PAIR(id, str) { id, sizeof(id) - 1, str, sizeof(str) - 1 }

static void test_catalog(void)
{
	static const struct pair ar[] = {
		PAIR("", "Content-Type: text/plain; charset=UTF-8\n"
		    "Plural-Forms: nplurals=6; plural=" AR_RULE "\n"),
		PAIR("%d statement\0%d statements", "z%d\0o%d\0t%d\0f%d\0m%d\0x%d"),
		PAIR("Panel", "A"),
		PAIR("kind\004Panel", "B"),
		PAIR("state\004Panel", "C"),
	};
	static const struct pair bad_rule[] = {
		PAIR("", "Plural-Forms: nplurals=2; plural=n +;\n"),
	};
	struct buf err;
	struct i18n_cat *c;
	unsigned char *mo;
	size_t len;

	buf_init(&err);
	mo = mo_make(ar, 5, &len);
	c = i18n_cat_open(mo, len, &err);
	CHECK(c != NULL);
	CHECK_STR(i18n_cat_lookup(c, NULL, "Panel", NULL, 0), "A");
	CHECK_STR(i18n_cat_lookup(c, "kind", "Panel", NULL, 0), "B");
	CHECK_STR(i18n_cat_lookup(c, "state", "Panel", NULL, 0), "C");
	CHECK(i18n_cat_lookup(c, "other", "Panel", NULL, 0) == NULL);
	CHECK(i18n_cat_lookup(c, NULL, "Panels", NULL, 0) == NULL);
	CHECK(i18n_cat_lookup(c, NULL, "Pane", NULL, 0) == NULL);
	CHECK(i18n_cat_lookup(c, "kin", "d\004Panel", NULL, 0) == NULL);
	CHECK_STR(i18n_cat_lookup(c, NULL, "%d statement", "%d statements",
	    0), "z%d");
	CHECK_STR(i18n_cat_lookup(c, NULL, "%d statement", "%d statements",
	    1), "o%d");
	CHECK_STR(i18n_cat_lookup(c, NULL, "%d statement", "%d statements",
	    2), "t%d");
	CHECK_STR(i18n_cat_lookup(c, NULL, "%d statement", "%d statements",
	    7), "f%d");
	CHECK_STR(i18n_cat_lookup(c, NULL, "%d statement", "%d statements",
	    11), "m%d");
	CHECK_STR(i18n_cat_lookup(c, NULL, "%d statement", "%d statements",
	    100), "x%d");
	CHECK_STR(i18n_cat_lookup(c, NULL, "%d statement", "%d statements",
	    1003), "f%d");
	i18n_cat_close(c);

	/* A string running past the end, a truncated file, a bad magic
	 * number, a rule that does not parse: refused at open. */
	mo[len - 1] = 'x';
	CHECK(i18n_cat_open(mo, len, &err) == NULL);
	mo[len - 1] = '\0';
	CHECK(i18n_cat_open(mo, 20, &err) == NULL);
	CHECK(i18n_cat_open(mo, len - 3, &err) == NULL);
	put32(mo + 12, 0xfffffff0u);
	CHECK(i18n_cat_open(mo, len, &err) == NULL);
	put32(mo + 12, 28);
	put32(mo + 8, 0x20000000u);
	CHECK(i18n_cat_open(mo, len, &err) == NULL);
	put32(mo + 8, 5);
	mo[0] ^= 1;
	CHECK(i18n_cat_open(mo, len, &err) == NULL);
	free(mo);
	buf_reset(&err);
	mo = mo_make(bad_rule, 1, &len);
	CHECK(i18n_cat_open(mo, len, &err) == NULL);
	CHECK(err.s != NULL && strstr(err.s, "Plural-Forms") != NULL);
	free(mo);
	buf_free(&err);
}

static void test_compiled_in(void)
{
	struct buf err;
	const struct i18n_mo *m;
	int n = 0;

	buf_init(&err);
	CHECK(i18n_init(&err) == 0);
	for (m = i18n_mo; m->lang != NULL; m++)
		n++;
	CHECK(n == 3);
	CHECK(i18n_supported(i18n_mo[0].lang) != NULL);
	/* Each language translates; English is the source. */
	CHECK_STR(i18n_use("fr"), "en");
	CHECK_STR(_("Sign in"), "Se connecter");
	CHECK_STR(i18n_current(), "fr");
	i18n_use("es");
	CHECK(strcmp(_("Sign in"), "Sign in") != 0);
	i18n_use("ar");
	CHECK(strcmp(_("Sign in"), "Sign in") != 0);
	CHECK_STR(_("A string no catalog has"), "A string no catalog has");
	CHECK_STR(NG_("%d item", "%d items", 1), "%d item");
	CHECK_STR(NG_("%d item", "%d items", 2), "%d items");
	/* An unknown language: the source. */
	CHECK_STR(i18n_use("de"), "ar");
	CHECK_STR(i18n_current(), "en");
	CHECK_STR(_("Sign in"), "Sign in");
	i18n_use(NULL);
	CHECK_STR(i18n_current(), "en");
	CHECK_STR(i18n_autonym("fr"), "Français");
	{
		/* A plural of the real catalogs, by each one's rule. */
		static const char one[] = "%s must be %zu character or fewer",
		    many[] = "%s must be %zu characters or fewer";
		static const unsigned long ns[] = { 0, 1, 2, 7, 11, 100, 103 };
		static const int ar_form[] = { 0, 1, 2, 3, 4, 5, 3 };
		const char *forms[6] = { NULL };
		size_t i;
		int ok = 1;

		i18n_use("ar");
		for (i = 0; i < ARRAY_LEN(ns); i++) {
			const char *t = NG_(one, many, ns[i]);

			/* Each Arabic form differs from the others and
			 * from the English; the same form for the same
			 * category (7 and 103: few). */
			if (forms[ar_form[i]] == NULL)
				forms[ar_form[i]] = t;
			ok &= forms[ar_form[i]] == t && strcmp(t, one) != 0 &&
			    strcmp(t, many) != 0;
		}
		CHECK(ok);
		for (i = 0; i < 6; i++)
			CHECK(forms[i] != NULL && (i == 0 || forms[i] !=
			    forms[i - 1]));
		i18n_use("fr");
		/* French: 0 and 1 singular, 2 plural. */
		CHECK(NG_(one, many, 0) == NG_(one, many, 1));
		CHECK(NG_(one, many, 1) != NG_(one, many, 2));
		CHECK(strstr(NG_(one, many, 2), "caractères") != NULL);
		i18n_use("es");
		CHECK(NG_(one, many, 0) == NG_(one, many, 2));
		CHECK(NG_(one, many, 1) != NG_(one, many, 2));
		i18n_use("en");
		CHECK_STR(NG_(one, many, 1), one);
		CHECK_STR(NG_(one, many, 0), many);
	}
	CHECK_STR(i18n_autonym("ar"), "العربية");
	buf_free(&err);
}

static void test_negotiate(void)
{
	CHECK_STR(i18n_supported("fr"), "fr");
	CHECK_STR(i18n_supported("fr-CA"), "fr");
	CHECK_STR(i18n_supported("FR-ca"), "fr");
	CHECK_STR(i18n_supported("es-419"), "es");
	CHECK_STR(i18n_supported("ar_EG"), "ar");
	CHECK(i18n_supported("fra") == NULL);
	CHECK(i18n_supported("f") == NULL);
	CHECK(i18n_supported("de") == NULL);
	CHECK(i18n_supported("") == NULL);
	CHECK(i18n_supported(NULL) == NULL);

	CHECK_STR(i18n_negotiate("fr-CA,fr;q=0.9,en;q=0.8"), "fr");
	CHECK_STR(i18n_negotiate("de-DE,de;q=0.9,es;q=0.5,en;q=0.4"), "es");
	CHECK_STR(i18n_negotiate("en;q=0.5, ar;q=0.8"), "ar");
	CHECK_STR(i18n_negotiate("en;q=0.5, ar;q=0.50"), "en"); /* tie: first */
	CHECK_STR(i18n_negotiate("fr;q=0, es"), "es");
	CHECK_STR(i18n_negotiate("fr;q=0.000, es;q=0.001"), "es");
	CHECK_STR(i18n_negotiate("  es-MX ; q=1 , fr ; q=0.9"), "es");
	CHECK_STR(i18n_negotiate("ES"), "es");
	CHECK(i18n_negotiate("*") == NULL);
	CHECK(i18n_negotiate("de, *;q=0.5") == NULL);
	CHECK(i18n_negotiate("") == NULL);
	CHECK(i18n_negotiate(NULL) == NULL);
	CHECK(i18n_negotiate("fr;q=bad") == NULL);
	CHECK(i18n_negotiate("fr;q=0") == NULL);
	CHECK(i18n_negotiate(",,,;;;==") == NULL);
	CHECK(i18n_negotiate("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	    == NULL);
	CHECK_STR(i18n_negotiate("fr;level=1;q=0.4, en;q=0.3"), "fr");
	{
		/* Past 32 ranges or 1 KB, the rest is not read. */
		char h[2048];
		size_t i;

		h[0] = '\0';
		for (i = 0; i < 40; i++)
			strcat(h, "de,");
		strcat(h, "fr");
		CHECK(i18n_negotiate(h) == NULL);
		memset(h, ' ', 1500);
		strcpy(h + 1500, "fr");
		CHECK(i18n_negotiate(h) == NULL);
	}
}

int main(void)
{
	test_plural_rules();
	test_catalog();
	test_compiled_in();
	test_negotiate();
	return check_summary("unit_i18n");
}
