// languages.test.js — the interface in English, French, Spanish and Arabic:
// every page of the public site and of the moderators, by ?lang=, on a phone
// and on a desktop (<html lang dir>, a translated heading, nothing wider
// than the screen, axe, a screenshot each); which language a visitor gets
// (Accept-Language, then the switcher's choice kept in a cookie); and the
// public form sent in French and in Arabic, mistake and receipt included.
'use strict';

const { BASE, PHONE, DESKTOP, check, eq, newContext, newPage,
    clickAndWait, checkAxe, screenshot, run, signIn } = require('./lib');

const LANGS = ['en', 'fr', 'es', 'ar'];
const EVENT = 'idm-2024-1';

// Template text of each language (po/*.po), for the pages of the form.
const T = {
	en: { submit: 'Submit a statement', problem: 'There is a problem',
	    received: 'Statement received', email: 'Your e-mail address',
	    error: 'Error:' },
	fr: { submit: 'Soumettre une déclaration', problem: 'Il y a un problème',
	    received: 'Déclaration reçue', email: 'Votre adresse électronique',
	    error: 'Erreur\u00a0:' },
	es: { submit: 'Enviar una declaración' },
	ar: { submit: 'تقديم بيان', problem: 'توجد مشكلة',
	    received: 'تم استلام البيان', email: 'عنوان بريدك الإلكتروني',
	    error: 'خطأ:' },
};

// The statements sent through the form; the mistake is the e-mail address
// and the consent not given.
const STATEMENTS = {
	en: { session: 'panel-3', kind: 'intervention', language: 'en',
	  title: 'Labour migration that works for everyone',
	  speaker: 'Grace Mensah', organisation: 'Migrant Rights International',
	  body: 'Thank you, Chair.\n\nFair recruitment starts with the ' +
	  'right to change employer.' },
	fr: { session: 'panel-2', kind: 'panel', language: 'fr',
	  title: 'Mobilité climatique\u00a0: des réponses à la hauteur',
	  speaker: 'Aïssatou Ndiaye',
	  organisation: 'Plateforme sur les migrations climatiques',
	  body: 'Madame la Présidente, les déplacements liés au climat ' +
	  'touchent déjà des millions de personnes.\n\nNous demandons des ' +
	  'visas humanitaires et une réinstallation planifiée avec les ' +
	  'communautés concernées.' },
	ar: { session: 'panel-1', kind: 'intervention', language: 'ar',
	  title: 'حماية العمال المهاجرين في منطقة الساحل',
	  speaker: 'ليلى حداد', organisation: 'شبكة حقوق المهاجرين',
	  body: 'السيدة الرئيسة، شكراً لكم.\n\nندعو الدول الأعضاء إلى فتح ' +
	  'مسارات نظامية للهجرة تحترم حقوق العمال وأسرهم.' },
};

// Fills the public form with s, the e-mail address wrong and consent not
// given.
async function fillForm(page, s, lang) {
	await page.selectOption('#event', EVENT);
	await page.selectOption('#session', s.session);
	await page.check(`#kind-${s.kind}`);
	await page.fill('#title', s.title);
	await page.fill('#speaker', s.speaker);
	await page.fill('#organisation', s.organisation);
	await page.selectOption('#language', s.language);
	await page.check('#format-text');
	await page.fill('#body', s.body);
	await page.fill('#submitter_name', s.speaker);
	await page.fill('#submitter_email', `${lang}.example`);
}

const sendButton = (page) => page.locator('button[name="action"]' +
    '[value="send"]');

// The form sent in lang's interface: the mistake, the error summary in that
// language, then the receipt. Returns the reference and the error messages
// of the summary (C strings: translated or not yet).
async function sendIn(browser, lang, english) {
	const s = STATEMENTS[lang];
	const page = await newPage(browser, lang === 'ar' ? PHONE : DESKTOP);
	const shot = (step) => screenshot(page, `lang-${lang}-flow-${step}`);
	let status;

	await page.goto(`${BASE}/submit?lang=${lang}`);
	eq(`${lang} flow: form heading`, (await page.locator('h1')
	    .textContent()).trim(), T[lang].submit);
	await fillForm(page, s, lang);
	status = await clickAndWait(page, sendButton(page));
	eq(`${lang} flow: a form with problems answers 422`, status, 422);
	eq(`${lang} flow: still in ${lang} after the POST (cookie)`,
	    await page.getAttribute('html', 'lang'), lang);
	check(`${lang} flow: the page title starts with "${T[lang].error}"`,
	    (await page.title()).startsWith(T[lang].error), await page.title());
	eq(`${lang} flow: error summary heading`, (await page.locator(
	    '.error-summary h2').textContent()).trim(), T[lang].problem);
	eq(`${lang} flow: the e-mail label`, (await page.locator(
	    'label[for="submitter_email"]').textContent()).trim(),
	    T[lang].email);
	const messages = await page.$$eval('.error-summary-list a', (as) =>
	    as.map((a) => ({ href: a.getAttribute('href'),
	    text: a.textContent.trim() })));
	check(`${lang} flow: the summary lists the e-mail address and the ` +
	    'consent', messages.some((m) => m.href === '#submitter_email') &&
	    messages.some((m) => m.href === '#consent'),
	    JSON.stringify(messages));
	// A message still in English is not yet translated (the C strings are
	// being marked separately): only those that are must differ.
	if (english) {
		for (const m of messages) {
			const en = english.find((e) => e.href === m.href);
			if (en && en.text === m.text)
				console.log(`note: ${lang}: the message for ` +
				    `${m.href} is still English: "${m.text}"`);
			else
				check(`${lang} flow: message for ${m.href} ` +
				    'translated', en !== undefined, m.text);
		}
	}
	await noOverflow(page, `${lang} flow: form with errors`);
	await shot('01-errors');
	await checkAxe(page, `${lang} flow: form with errors`);

	await page.fill('#submitter_email', `${lang}.speaker@example.org`);
	await page.check('#consent');
	status = await clickAndWait(page, sendButton(page));
	eq(`${lang} flow: sent`, status, 200);
	eq(`${lang} flow: receipt in ${lang}`, await page.getAttribute('html',
	    'lang'), lang);
	eq(`${lang} flow: receipt heading`, (await page.locator('h1')
	    .textContent()).trim(), T[lang].received);
	const ref = (await page.locator('.panel-body strong').textContent())
	    .trim();
	check(`${lang} flow: a reference is shown`, ref.length >= 1, ref);
	await noOverflow(page, `${lang} flow: receipt`);
	await shot('02-receipt');
	await checkAxe(page, `${lang} flow: receipt`);
	await page.context().close();
	return { ref, messages };
}

// Nothing wider than the window: the document does not scroll sideways.
// When it does, the elements that stick out are named.
async function noOverflow(page, label) {
	const r = await page.evaluate(() => {
		const w = window.innerWidth;
		const out = [];

		for (const el of document.querySelectorAll('body *')) {
			const b = el.getBoundingClientRect();

			// (1 px wide: clipped, visually hidden text.)
			if (b.width > 1 && (b.right > w + 1 || b.left < -1))
				out.push(`${el.tagName.toLowerCase()}.${el.className}` +
				    ` [${Math.round(b.left)}, ${Math.round(b.right)}]`);
		}
		return { sw: document.documentElement.scrollWidth, w,
		    out: out.slice(0, 8) };
	});

	// A right-to-left page overflows to the left, where scrollWidth
	// does not see it: the elements' boxes do.
	return check(`${label}: no horizontal overflow`, r.sw <= r.w &&
	    r.out.length === 0, `scrollWidth ${r.sw}, window ${r.w}: ` +
	    r.out.join(', '));
}

// The text that shows a page's language: its h1 where that is interface
// text, otherwise an interface heading or paragraph (the h1 of an event, a
// statement or a review is their own title, the same in every language).
const PAGES = [
	{ key: 'home', path: () => '/', ui: 'main .lede' },
	{ key: 'submit', path: () => '/submit', ui: 'h1' },
	{ key: 'event', path: () => `/e/${EVENT}`, ui: 'main h2#statements' },
	{ key: 'statement', path: (ids) => `/s/${ids.published}`,
	  ui: '.skip-link' },
	{ key: 'login', path: () => '/login', ui: 'h1' },
	{ key: 'queue', path: () => '/moderate', ui: 'h1', mod: true },
	{ key: 'review', path: (ids) => `/moderate/${ids.pending}`,
	  ui: 'main h2', mod: true },
];

// One page in one language at one width.
async function onePage(page, p, lang, width, ids, english) {
	const label = `${p.key} in ${lang} at ${width}px`;
	const url = `${BASE}${p.path(ids)}${p.path(ids).includes('?') ? '&' :
	    '?'}lang=${lang}`;
	const resp = await page.goto(url);

	eq(`${label}: status`, resp.status(), 200);
	const info = await page.evaluate((sel) => {
		const ui = document.querySelector(sel);
		const cur = [...document.querySelectorAll(
		    '.lang-switch a[aria-current]')];

		return { lang: document.documentElement.lang,
		    dir: document.documentElement.dir,
		    ui: ui ? ui.textContent.replace(/\s+/g, ' ').trim() : null,
		    current: cur.map((a) => a.getAttribute('hreflang')),
		    links: document.querySelectorAll('.lang-switch a').length };
	}, p.ui);
	eq(`${label}: <html lang>`, info.lang, lang);
	eq(`${label}: <html dir>`, info.dir, lang === 'ar' ? 'rtl' : 'ltr');
	eq(`${label}: the switcher offers four languages`, info.links, 4);
	eq(`${label}: the switcher marks the current language`,
	    JSON.stringify(info.current), JSON.stringify([lang]));
	check(`${label}: ${p.ui} has text`, !!info.ui, p.ui);
	if (lang === 'en')
		english[p.key] = info.ui;
	else
		check(`${label}: ${p.ui} is not the English one`,
		    info.ui !== english[p.key], info.ui);
	await noOverflow(page, label);
	await screenshot(page, `lang-${lang}-${width}-${p.key}`);
	await checkAxe(page, label);
}

// Every page in every language at one width: public pages without a
// session, the moderators' with alice's.
async function matrix(browser, options, session) {
	const width = options.viewport.width;
	const pub = await newPage(browser, options);
	const mod = await newPage(browser, Object.assign({}, options,
	    { storageState: session }));
	const english = {};

	for (const lang of LANGS)
		for (const p of PAGES)
			await onePage(p.mod ? mod : pub, p, lang, width,
			    matrix.ids, english);
	await pub.context().close();
	await mod.context().close();
}

// Accept-Language, then the switcher: the choice is kept in a cookie and
// wins over Accept-Language on the next page.
async function precedence(browser) {
	const ctx = await newContext(browser, Object.assign({}, PHONE,
	    { locale: 'fr-CA', extraHTTPHeaders:
	    { 'Accept-Language': 'fr-CA,fr;q=0.9' } }));
	const page = await ctx.newPage();

	await page.goto(`${BASE}/submit`);
	eq('Accept-Language fr-CA: French without ?lang', await page
	    .getAttribute('html', 'lang'), 'fr');
	eq('Accept-Language fr-CA: French heading', (await page.locator('h1')
	    .textContent()).trim(), T.fr.submit);
	eq('Accept-Language fr-CA: the switcher\'s Français is current',
	    await page.locator('.lang-switch a[hreflang="fr"]')
	    .getAttribute('aria-current'), 'true');
	eq('Accept-Language fr-CA: only one current language', await page
	    .locator('.lang-switch a[aria-current]').count(), 1);
	eq('Accept-Language fr-CA: no language cookie yet', (await ctx
	    .cookies()).filter((c) => c.name === 'dais_lang').length, 0);
	await screenshot(page, 'lang-precedence-01-accept-language', false);

	const es = page.locator('.lang-switch').getByRole('link',
	    { name: 'Español' });
	eq('the switcher link is named in its own language',
	    await es.getAttribute('lang'), 'es');
	await clickAndWait(page, es);
	eq('switcher: Spanish', await page.getAttribute('html', 'lang'), 'es');
	eq('switcher: Spanish heading', (await page.locator('h1')
	    .textContent()).trim(), T.es.submit);
	eq('switcher: Español is now current', await page.locator(
	    '.lang-switch a[hreflang="es"]').getAttribute('aria-current'),
	    'true');
	eq('switcher: Français is no longer current', await page.locator(
	    '.lang-switch a[hreflang="fr"]').getAttribute('aria-current'),
	    null);
	const cookie = (await ctx.cookies()).find((c) => c.name ===
	    'dais_lang');
	eq('switcher: the choice is kept in a cookie', cookie && cookie.value,
	    'es');

	await page.goto(`${BASE}/login`);
	eq('cookie: the next page without ?lang is Spanish despite ' +
	    'Accept-Language French', await page.getAttribute('html', 'lang'),
	    'es');
	eq('cookie: the Spanish sign-in heading', (await page.locator('h1')
	    .textContent()).trim(), 'Ingresar');
	await page.goto(`${BASE}/`);
	eq('cookie: the home page is Spanish too', await page.getAttribute(
	    'html', 'lang'), 'es');
	await screenshot(page, 'lang-precedence-02-cookie', false);
	await ctx.close();
}

// The switcher in Arabic on a phone: at the end of the header (its left in
// right-to-left), inside the screen, its links at least 24 px square.
async function switcherLayout(browser) {
	for (const [lang, options] of [['ar', PHONE], ['fr', PHONE],
	    ['ar', DESKTOP], ['en', DESKTOP]]) {
		const page = await newPage(browser, options);
		const w = options.viewport.width;
		const label = `switcher in ${lang} at ${w}px`;

		await page.goto(`${BASE}/submit?lang=${lang}`);
		const r = await page.evaluate(() => {
			const box = (el) => {
				const b = el.getBoundingClientRect();

				return { l: b.left, r: b.right, w: b.width,
				    h: b.height };
			};
			return { name: box(document.querySelector('.site-name')),
			    nav: box(document.querySelector('.lang-switch')),
			    links: [...document.querySelectorAll(
			    '.lang-switch a')].map(box),
			    cur: getComputedStyle(document.querySelector(
			    '.lang-switch a[aria-current]')),
			    other: getComputedStyle(document.querySelector(
			    '.lang-switch a:not([aria-current])')) };
		});
		check(`${label}: every link at least 24 px square`, r.links
		    .every((b) => b.w >= 24 && b.h >= 24),
		    JSON.stringify(r.links));
		check(`${label}: every link inside the screen`, r.links.every(
		    (b) => b.l >= 0 && b.r <= w), JSON.stringify(r.links));
		if (lang === 'ar')
			check(`${label}: the site name is on the right, the ` +
			    'switcher after it', r.name.r > w - 40 &&
			    r.nav.l < r.name.l, JSON.stringify(r));
		else
			check(`${label}: the site name is on the left, the ` +
			    'switcher after it', r.name.l < 40 &&
			    r.nav.r > r.name.r, JSON.stringify(r));
		await page.context().close();
	}
	// Computed styles do not cross evaluate(): compare them inside.
	const page = await newPage(browser, PHONE);
	await page.goto(`${BASE}/?lang=ar`);
	const d = await page.evaluate(() => {
		const s = (sel) => {
			const c = getComputedStyle(document.querySelector(sel));

			return { weight: c.fontWeight, deco: c.textDecorationLine,
			    border: c.borderTopColor };
		};
		return { cur: s('.lang-switch a[aria-current]'),
		    other: s('.lang-switch a:not([aria-current])') };
	});
	check('the current language differs by more than colour (weight or ' +
	    'underline)', d.cur.weight !== d.other.weight &&
	    d.cur.deco !== d.other.deco, JSON.stringify(d));
	const font = await page.evaluate(() =>
	    getComputedStyle(document.body).fontFamily);
	check('Arabic pages name fonts with Arabic letters',
	    /Noto Sans Arabic/.test(font) && /DejaVu Sans/.test(font), font);
	await page.context().close();
}

run('languages', async (browser) => {
	// Statements sent in English, French and Arabic; the French one is
	// approved (its page is /s/ID), the Arabic one waits (its review).
	const en = await sendIn(browser, 'en', null);
	const fr = await sendIn(browser, 'fr', en.messages);
	const ar = await sendIn(browser, 'ar', en.messages);

	const alice = await newPage(browser, DESKTOP);
	await signIn(alice, 'alice');
	await alice.goto(`${BASE}/moderate/${fr.ref}`);
	const status = await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Approve and publish' }));
	eq('the French statement is approved', status, 200);
	const session = await alice.context().storageState();
	await alice.context().close();
	matrix.ids = { published: fr.ref, pending: ar.ref };

	await precedence(browser);
	await switcherLayout(browser);
	await matrix(browser, PHONE, session);
	await matrix(browser, DESKTOP, session);
});
