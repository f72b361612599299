// publish.test.js — what readers see: approved statements on host pages of
// a small news site served by the same nginx (tests/browser/host/, copied
// to NEWS_DIR by run.sh), by every method dais offers:
//
//   ssi           nginx SSI includes /fragment/event/EVENT
//   iframe        <iframe class="dais-frame" src=".../frame/event/EVENT">,
//                 sized by embed.js
//   script        <a class="dais-embed" href=".../e/EVENT"> replaced by
//                 embed.js with the fragment
//   script-cross  the same on another site (ORIGIN2, listed in
//                 cors_origins)
//   hostile       links with the loader's class that are not dais's (to
//                 another server, to a file of the host site), written by
//                 this script next to links that are: only dais's are
//                 replaced, nothing else is fetched or inserted
//   oembed        a page made here the way WordPress makes one from a
//                 pasted /s/ID and /e/EVENT address: discovery, the oEmbed
//                 JSON, its iframe filtered and given a secret, and
//                 host/wp-embed.js as the parent side of the protocol
//
// Statements are sent through the form and approved through the review
// pages over HTTP; each page must show them in session order with their
// lang; after one more approval a normal reload (the browser's cache kept)
// must show it on every page. Also: the loader without JavaScript and with
// failing requests or answers that are not dais fragments, the frame's
// side of the WordPress protocol, axe on the public pages and the host
// pages, and screenshots on a phone and a desktop.
//
// Environment (run.sh): BASE, ORIGIN2 (the second site), NEWS_DIR (where
// the host pages are), ACCESS_LOG (nginx's, to tell what reached it).
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const { BASE, PHONE, DESKTOP, check, eq, newContext, newPage, clickAndWait,
    checkAxe, screenshot, run } = require('./lib');

const ORIGIN = BASE ? new URL(BASE).origin : '';
const ORIGIN2 = process.env.ORIGIN2;
const NEWS_DIR = process.env.NEWS_DIR;
const ACCESS_LOG = process.env.ACCESS_LOG;
const EVENT = 'idm-2024-1';
const EVENT_TITLE = 'International Dialogue on Migration 2024 — first session';

// The sessions of the sample event, in the event's order (their titles are
// what a statement's footer shows).
const SESSIONS = [
	['panel-1', 'Evidence-based findings'],
	['panel-2', 'Innovative policy solutions'],
	['panel-3', 'Effective community engagement and social cohesion'],
	['panel-4', 'Diaspora and the private sector'],
	['panel-5', 'More accessible, responsive and socio-economically ' +
	    'inclusive regular pathways'],
	['session-3', 'Session 3 (written statements)'],
	['side-dg', 'Side meeting with the IOM Director-General'],
];
const SESSION_INDEX = new Map(SESSIONS.map(([, t], i) => [t, i]));

// Sent and approved in this order (not the sessions' order), the last one
// only later.
const STATEMENTS = [
	{ key: 'cohesion', session: 'panel-3', language: 'es',
	  title: 'Cohesión social y participación de las comunidades',
	  speaker: 'Lucía Fernández', organisation: 'Alianza Americas',
	  body: 'Señora Presidenta: las comunidades que acogen a personas ' +
	  'migrantes necesitan recursos y voz.\n\nPedimos consejos locales ' +
	  'con participación de las diásporas.' },
	{ key: 'cities', session: 'panel-3', language: 'en',
	  title: 'Cities that welcome: local engagement works',
	  speaker: 'Grace Mensah', organisation: 'NGO Committee on Migration',
	  body: 'Thank you, Chair.\n\nMayors and community groups show every ' +
	  'day that inclusion starts locally.' },
	{ key: 'visas', session: 'panel-2', language: 'en',
	  title: 'Humanitarian visas for climate mobility',
	  speaker: 'Tomás Rivera', organisation: 'Climate, Migration and ' +
	  'Displacement Platform',
	  body: 'Climate change already moves people.\n\nWe propose ' +
	  'humanitarian visas and planned relocation with the communities ' +
	  'concerned.' },
	{ key: 'later', session: 'panel-1', language: 'es',
	  title: 'Datos desagregados para políticas inclusivas',
	  speaker: 'Ana Beltrán', organisation: 'Center for Migration Studies',
	  body: 'Sin datos desagregados por sexo y edad, las políticas dejan ' +
	  'fuera a mujeres y niños migrantes.' },
];

// The host pages: name, address, and how the statements get there.
const HOSTS = [
	{ name: 'ssi', method: 'ssi' },
	{ name: 'iframe', method: 'iframe' },
	{ name: 'script', method: 'script' },
	{ name: 'script-cross', method: 'script', origin: 'ORIGIN2' },
	{ name: 'oembed', method: 'oembed' },
];
const hostUrl = (h) => `${h.origin === 'ORIGIN2' ? ORIGIN2 : ORIGIN}/news/` +
    `${h.name}.html`;

// ---- HTTP, as a form and a moderator would ---------------------------------

function csrfTokens(html) {
	return [...html.matchAll(/name="csrf" value="([^"]*)"/g)]
	    .map((m) => m[1]);
}

function unescapeHtml(s) {
	return s.replace(/&quot;/g, '"').replace(/&#39;/g, '\'')
	    .replace(/&lt;/g, '<').replace(/&gt;/g, '>')
	    .replace(/&amp;/g, '&');
}

async function get(url, headers) {
	const r = await fetch(url, { headers: headers || {},
	    redirect: 'manual' });

	return { status: r.status, headers: r.headers, text: await r.text() };
}

// Sends s through the public form (multipart, with the form's token and
// the site's Origin); sets s.id to its reference.
async function send(s) {
	const form = await get(`${BASE}/submit`);
	const fd = new FormData();
	const fields = { csrf: csrfTokens(form.text)[0], event: EVENT,
	    session: s.session, kind: 'panel', title: s.title,
	    speaker: s.speaker, organisation: s.organisation,
	    language: s.language, format: s.format || 'text', body: s.body,
	    delivered: '2024-05-21', submitter_name: 'Coordinator',
	    submitter_email: `${s.key}@example.org`, consent: 'yes',
	    action: 'send' };

	for (const [k, v] of Object.entries(fields))
		fd.append(k, v);
	const r = await fetch(`${BASE}/submit`, { method: 'POST', body: fd,
	    headers: { Origin: ORIGIN }, redirect: 'manual' });
	await r.text();
	eq(`"${s.title}" sent: 303`, r.status, 303);
	const loc = r.headers.get('location') || '';
	const status = await get(new URL(loc, BASE).href);
	const m = /<br><strong>([^<]+)<\/strong>/.exec(status.text);

	check(`"${s.title}" has a reference`, m !== null, loc);
	s.id = m ? m[1] : 'none';
}

// Alice's session cookie, from the sign-in form.
async function signInHttp() {
	const form = await get(`${BASE}/login`);
	const r = await fetch(`${BASE}/login`, { method: 'POST',
	    redirect: 'manual', headers: { Origin: ORIGIN },
	    body: new URLSearchParams({ user: 'alice',
	    password: 'correct horse battery', next: '',
	    csrf: csrfTokens(form.text)[0] }) });
	const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0])
	    .find((c) => c.startsWith('dais_session=') && c.length > 14);

	await r.text();
	check('alice signs in over HTTP', r.status === 303 && !!cookie,
	    `${r.status} ${r.headers.getSetCookie()}`);
	return cookie || '';
}

// Approves s from its review page (the page's last form token).
async function approve(cookie, s) {
	const review = await get(`${BASE}/moderate/${s.id}`, { Cookie: cookie });
	const tokens = csrfTokens(review.text);
	const r = await fetch(`${BASE}/moderate/${s.id}`, { method: 'POST',
	    redirect: 'manual', headers: { Origin: ORIGIN, Cookie: cookie },
	    body: new URLSearchParams({ csrf: tokens[tokens.length - 1],
	    action: 'approve', rev: '1' }) });

	await r.text();
	eq(`"${s.title}" approved: 303`, r.status, 303);
}

// ---- text that stacks or reorders ------------------------------------------

// Loads url in page and lays it out; the time from the navigation's start
// to the first frame after layout, by the page's own performance clock
// (Infinity when it did not load within 10 s).
async function loadTime(page, url) {
	try {
		await page.goto(url, { timeout: 10000 });
		return await page.evaluate(() => new Promise((resolve) => {
			document.body.getBoundingClientRect();
			requestAnimationFrame(() => resolve(performance.now()));
		}));
	} catch (e) {
		return Infinity;
	}
}

// The longest run of combining marks (General_Category M) in the text of
// what selector matches.
function longestMarks(page, selector) {
	return page.$eval(selector, (el) => Math.max(0, ...(el.textContent
	    .match(/\p{M}+/gu) || []).map((m) => [...m].length)));
}

// A letter with the most accents a form takes (30), and HTML pasted with
// 60,000 accents on one letter in runs of 30 that <span>s keep apart: the
// sanitizer leaves 30. Old code published all of them, and the statement's
// page took Chromium tens of seconds to lay out. Right-to-left names are
// each isolated in the byline.
async function stackedMarks(browser, cookie) {
	const run30 = '\u0301'.repeat(30);
	const s = { key: 'marks', session: 'panel-2', language: 'en',
	    format: 'html', title: `Accents on one letter: e${run30}`,
	    speaker: 'ليلى حداد', organisation: 'מרכז זכויות',
	    body: `<p>Stacked: a${(run30 + '<span></span>').repeat(2000)} ` +
	    'end.</p>' };
	const page = await newPage(browser, DESKTOP);
	let ms;

	await send(s);
	await approve(cookie, s);
	ms = await loadTime(page, `${BASE}/s/${s.id}`);
	check('stacked accents: the public page loads and lays out in under ' +
	    'a second', ms < 1000, `${ms} ms`);
	eq('stacked accents: the title keeps its 30 accents',
	    await longestMarks(page, 'h1'), 30);
	eq('stacked accents: at most 30 in a row in the statement',
	    await longestMarks(page, '.dais-statement-body'), 30);
	eq('stacked accents: the speaker is isolated', await page.locator(
	    '.dais-byline .dais-speaker > bdi').textContent(), s.speaker);
	eq('stacked accents: the organisation is isolated', await page.locator(
	    '.dais-byline .dais-org > bdi').textContent(), s.organisation);
	await screenshot(page, 'publish-desktop-stacked-accents');
	await page.context().addCookies([{ name: 'dais_session',
	    value: cookie.slice(cookie.indexOf('=') + 1), url: BASE }]);
	ms = await loadTime(page, `${BASE}/moderate/${s.id}`);
	check('stacked accents: the review page loads and lays out in under ' +
	    'a second', ms < 1000, `${ms} ms`);
	eq('stacked accents: the review page is the statement\'s',
	    await longestMarks(page, '.published-preview'), 30);
	await page.context().close();
}

// ---- the oEmbed consumer -----------------------------------------------------

// What WordPress's wp_filter_oembed_result() keeps of an oEmbed answer's
// html (wp_kses with these tags and attributes only).
const KSES = { a: ['href'], blockquote: [], iframe: ['src', 'width',
    'height', 'frameborder', 'marginwidth', 'marginheight', 'scrolling',
    'title'] };

function kses(html) {
	return html.replace(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g,
	    (all, close, tag, attrs) => {
		const allowed = KSES[tag.toLowerCase()];

		if (!allowed)
			return '';
		if (close)
			return `</${tag}>`;
		const kept = [...attrs.matchAll(
		    /([a-zA-Z-]+)\s*=\s*"([^"]*)"/g)].filter((m) =>
		    allowed.includes(m[1].toLowerCase()))
		    .map((m) => ` ${m[1]}="${m[2]}"`);
		return `<${tag}${kept.join('')}>`;
	});
}

// The embed code WordPress puts in a post for a pasted address: discovery
// on the page, the JSON endpoint asked with maxwidth and maxheight, the
// html filtered, the iframe hidden behind its blockquote until it reports,
// sandboxed and given a secret. Returns { html, secret, json, frameSrc }.
async function oembedFor(pageUrl, label) {
	const page = await get(pageUrl);
	const link = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/
	    .exec(page.text);

	if (!check(`${label}: the page has a json+oembed discovery link`,
	    link !== null, page.text.slice(0, 300)))
		return null;
	const endpoint = new URL(unescapeHtml(link[1]));
	check(`${label}: the discovery link is absolute and names the page`,
	    endpoint.origin === ORIGIN && endpoint.searchParams.get('url') ===
	    pageUrl, endpoint.href);
	// WP_oEmbed::fetch(): maxwidth, maxheight and, since WordPress 4.9,
	// dnt=1 on every request.
	endpoint.searchParams.set('maxwidth', '600');
	endpoint.searchParams.set('maxheight', '150');
	endpoint.searchParams.set('dnt', '1');
	const r = await get(endpoint.href);
	eq(`${label}: oEmbed status`, r.status, 200);
	check(`${label}: oEmbed is JSON`, /^application\/json/.test(
	    r.headers.get('content-type')), r.headers.get('content-type'));
	const json = JSON.parse(r.text);
	eq(`${label}: oEmbed type`, json.type, 'rich');
	eq(`${label}: oEmbed version`, json.version, '1.0');
	check(`${label}: maxwidth honoured`, json.width <= 600, json.width);
	eq(`${label}: maxheight honoured`, json.height, 150);

	// wp_filter_oembed_result().
	let html = kses(json.html);
	const iframe = /<iframe[^>]*><\/iframe>/.exec(html);
	if (!check(`${label}: the oEmbed html has an iframe`, iframe !== null,
	    json.html))
		return null;
	if (/<blockquote>[\s\S]*?<\/blockquote>/.test(html)) {
		html = html.replace('<iframe', '<iframe style="position: ' +
		    'absolute; visibility: hidden;"');
		html = html.replace('<blockquote',
		    '<blockquote class="wp-embedded-content"');
	}
	html = html.replace('<iframe', '<iframe class="wp-embedded-content" ' +
	    'sandbox="allow-scripts" security="restricted"');
	const src = / src="([^"]*)"/.exec(html);
	const secret = crypto.randomBytes(8).toString('base64')
	    .replace(/[^A-Za-z0-9]/g, '').slice(0, 10);
	html = html.replace(src[0], ` src="${src[1]}#?secret=${secret}" ` +
	    `data-secret="${secret}"`);
	html = html.replace('<blockquote', `<blockquote data-secret="${secret}"`);
	return { html, secret, json, frameSrc: unescapeHtml(src[1]) };
}

async function writeOembedPage(statementUrl, eventUrl) {
	const one = await oembedFor(statementUrl, 'oEmbed of /s/ID');
	const all = await oembedFor(eventUrl, 'oEmbed of /e/EVENT');

	if (!one || !all)
		return null;
	check('oEmbed of /s/ID: the frame is the statement\'s',
	    one.frameSrc.startsWith(`${BASE}/frame/statement/`), one.frameSrc);
	eq('oEmbed of /e/EVENT: the frame is the event\'s', all.frameSrc,
	    `${BASE}/frame/event/${EVENT}`);
	fs.writeFileSync(path.join(NEWS_DIR, 'oembed.html'), `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Statements at the Dialogue on Migration (oEmbed) – Coalition news</title>
<link rel="stylesheet" href="/news/host.css">
</head>
<body>
<header class="masthead"><p>Coalition news</p></header>
<main>
<h1>Civil society at the International Dialogue on Migration</h1>
<p>Our members spoke in every panel of the first session in New York.</p>
<h2>Our statement on social cohesion</h2>
<figure class="wp-block-embed is-type-rich"><div class="wp-block-embed__wrapper">
${one.html}
</div></figure>
<h2>Read the full statements below:</h2>
<figure class="wp-block-embed is-type-rich"><div class="wp-block-embed__wrapper">
${all.html}
</div></figure>
</main>
<script src="/news/wp-embed.js"></script>
</body>
</html>
`);
	return { one, all };
}

// ---- reading a host page -------------------------------------------------------

// Waits until the statements are on the page the way its method puts
// them there; returns the frame that holds them.
async function ready(page, h) {
	if (h.method === 'script') {
		await page.waitForSelector('.dais-embedded', { timeout: 6000 });
		return page.mainFrame();
	}
	if (h.method === 'iframe') {
		// embed.js sets the height it was told.
		await page.waitForFunction(() => {
			const f = document.querySelector('iframe.dais-frame');

			return f && f.style.height !== '';
		}, null, { timeout: 10000 });
		return (await page.$('iframe.dais-frame')).contentFrame();
	}
	if (h.method === 'oembed') {
		// wp-embed.js shows each iframe at its first message.
		await page.waitForFunction(() => document.querySelectorAll(
		    'iframe.wp-embedded-content').length === 2 &&
		    document.querySelectorAll('iframe.wp-embedded-content[style]')
		    .length === 0 && window.wpEmbedLog.filter((m) => m.message ===
		    'height' && m.matched).length >= 2, null, { timeout: 10000 });
		return (await page.$('iframe.wp-embedded-content[src*="/frame/event/"]'))
		    .contentFrame();
	}
	return page.mainFrame();
}

// A screenshot of the whole page. Chromium does not draw a cross-origin
// iframe that is out of view (the sandboxed oEmbed frames), and a full-page
// screenshot does not change that: pages with iframes are shot through a
// viewport as tall as the page.
async function shoot(page, h, name) {
	if (h.method !== 'iframe' && h.method !== 'oembed')
		return screenshot(page, name);
	const vp = page.viewportSize();
	const height = await page.evaluate(() =>
	    document.documentElement.scrollHeight);

	await page.setViewportSize({ width: vp.width, height });
	await page.waitForTimeout(500);
	await screenshot(page, name, false);
	await page.setViewportSize(vp);
}

// The statements a frame shows: id, lang, session, and the dais- elements
// with a style attribute (the host's own iframe.dais-frame aside).
function statementsIn(frame) {
	return frame.evaluate(() => ({
		articles: [...document.querySelectorAll('article.dais-statement')]
		    .map((a) => ({ id: a.id.replace(/^dais-/, ''),
		    lang: a.getAttribute('lang'), dir: a.getAttribute('dir'),
		    session: (a.querySelector('.dais-session') || {})
		    .textContent || '',
		    title: a.querySelector('.dais-statement-title').textContent
		    .trim() })),
		groups: [...document.querySelectorAll('.dais-group-title')]
		    .map((g) => g.textContent.trim()),
		styled: [...document.querySelectorAll('[class*="dais-"][style]')]
		    .filter((e) => !e.matches('iframe.dais-frame'))
		    .map((e) => e.outerHTML.slice(0, 120)),
	}));
}

// The statements of list are on the page, in session order, with their
// lang; no dais- element carries a style.
async function checkStatements(frame, label, list) {
	const got = await statementsIn(frame);
	const byId = new Map(got.articles.map((a) => [a.id, a]));

	for (const s of list) {
		const a = byId.get(s.id);

		if (check(`${label}: shows "${s.title}"`, !!a,
		    got.articles.map((x) => x.id).join(' ')))
			eq(`${label}: "${s.title}" has lang`, a.lang, s.language);
	}
	check(`${label}: every statement has a lang and a dir`,
	    got.articles.length > 0 && got.articles.every((a) => a.lang &&
	    /^(ltr|rtl)$/.test(a.dir)), JSON.stringify(got.articles));
	const order = got.articles.map((a) => SESSION_INDEX.has(a.session) ?
	    SESSION_INDEX.get(a.session) : -1);
	check(`${label}: statements in the sessions' order`,
	    order.every((x, i) => x >= 0 && (i === 0 || x >= order[i - 1])),
	    got.articles.map((a) => a.session).join(' | '));
	const groups = got.groups.map((g) => SESSION_INDEX.get(g));
	check(`${label}: session headings in the event's order`,
	    groups.length > 0 && groups.every((x, i) => x !== undefined &&
	    (i === 0 || x > groups[i - 1])), got.groups.join(' | '));
	check(`${label}: no dais- element has a style attribute`,
	    got.styled.length === 0, got.styled.join(' '));
	return got;
}

// How an iframe sits: its height, its content's, and whether it scrolls.
async function frameFit(page, selector) {
	const el = await page.$(selector);
	const frame = await el.contentFrame();
	const box = await el.evaluate((f) => ({ height: f.getBoundingClientRect()
	    .height, attr: f.getAttribute('height') }));
	const content = await frame.evaluate(() => Math.ceil(document
	    .documentElement.getBoundingClientRect().height));

	return { box: box.height, attr: box.attr, content };
}

// The lines of nginx's access log written since mark (a byte offset).
function accessSince(mark) {
	try {
		const buf = fs.readFileSync(ACCESS_LOG);

		return buf.subarray(mark).toString().split('\n').filter(Boolean);
	} catch (e) {
		return [];
	}
}

function accessMark() {
	try {
		return fs.statSync(ACCESS_LOG).size;
	} catch (e) {
		return 0;
	}
}

// ---- links that are not dais's -------------------------------------------------

// What a hostile server (or file) answers: HTML that runs script when it is
// inserted, recording n in window.__pwned.
const pwn = (n) => '<article class="dais-statement" id="dais-pwned"><img ' +
    `src="x" alt="" onerror="window.__pwned=(window.__pwned||[]).concat(${n})">` +
    '</article>';

// A server on another port of this machine that answers every request
// with pwn(1), readable from any site, and even claims to be a dais
// fragment (X-Dais-Fragment): only the loader's check of the address can
// stop it. Its requests are counted in server.hits.
async function hostileServer() {
	const http = require('http');
	const server = http.createServer((req, res) => {
		server.hits.push(req.url);
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8',
		    'Access-Control-Allow-Origin': '*', 'X-Dais-Fragment': '1',
		    'Access-Control-Expose-Headers': 'X-Dais-Fragment' });
		res.end(pwn(1));
	});

	server.hits = [];
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	return server;
}

// hostile.html: two links of dais's (the event; panel 3 in Spanish, with a
// parameter the loader must not pass on) and four that are not: to the
// hostile server, and three ways to a file of the host site,
// /news/fragment/statement/pwned, that the old loader, which took its
// base from the link, would have fetched and inserted (/news/s/pwned).
// The script's address has a query, which its base leaves out.
function writeHostilePage(hostile) {
	fs.mkdirSync(path.join(NEWS_DIR, 'fragment', 'statement'),
	    { recursive: true });
	fs.writeFileSync(path.join(NEWS_DIR, 'fragment', 'statement', 'pwned'),
	    pwn(2));
	fs.writeFileSync(path.join(NEWS_DIR, 'hostile.html'), `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Statements, and links that are not dais's – Coalition news</title>
<link rel="stylesheet" href="/news/host.css">
</head>
<body>
<header class="masthead"><p>Coalition news</p></header>
<main>
<h1>Civil society at the International Dialogue on Migration</h1>
<p><a class="dais-embed" id="event" href="${BASE}/e/${EVENT}">Read the statements</a></p>
<p><a class="dais-embed" id="lang" href="${BASE}/e/${EVENT}/panel-3?lang=es&amp;utm_source=news">Panel 3 in Spanish</a></p>
<p><a class="dais-embed" id="other-server" href="${hostile}/statements/e/${EVENT}">Another server</a></p>
<p><a class="dais-embed" id="host-file" href="/news/s/pwned">A file of this site</a></p>
<p><a class="dais-embed" id="dot-dot" href="/statements/../news/s/pwned">The same, by ..</a></p>
<p><a class="dais-embed" id="encoded" href="/statements/%2e%2e/news/s/pwned">The same, by %2e%2e</a></p>
<script src="${BASE}/embed.js?v=1" async></script>
</main>
</body>
</html>
`);
}

// Loads hostile.html from origin: dais's two links are replaced, the
// others stay links, nothing of the hostile server or the file is fetched
// or inserted, nothing runs.
async function checkHostilePage(browser, origin, server) {
	const label = `hostile page on ${origin === ORIGIN ? 'dais\'s site' :
	    'another site'}`;
	const page = await newPage(browser, DESKTOP);
	const fetched = [];

	page.on('request', (r) => r.resourceType() === 'fetch' &&
	    fetched.push(r.url()));
	server.hits = [];
	await page.goto(`${origin}/news/hostile.html`);
	const two = await page.waitForFunction(() => document.querySelectorAll(
	    '.dais-embedded').length >= 2, null, { timeout: 10000 })
	    .then(() => true, () => false);
	await page.waitForLoadState('networkidle').catch(() => {});
	await page.waitForTimeout(300);
	const got = await page.evaluate(() => ({
		pwned: window.__pwned,
		links: [...document.querySelectorAll('a.dais-embed')].map((a) =>
		    a.id),
		embedded: [...document.querySelectorAll('.dais-embedded')].map(
		    (d) => [...d.querySelectorAll('article.dais-statement')].map(
		    (a) => `${a.id.replace(/^dais-/, '')}:${a.getAttribute('lang')}`)),
	}));

	check(`${label}: dais's two links replaced`, two, JSON.stringify(got));
	eq(`${label}: the links that are not dais's stay links`,
	    got.links.join(' '), 'other-server host-file dot-dot encoded');
	eq(`${label}: nothing ran`, got.pwned, undefined);
	check(`${label}: nothing but dais's statements inserted`,
	    got.embedded.every((d) => d.every((a) => !a.startsWith('pwned'))),
	    JSON.stringify(got.embedded));
	eq(`${label}: the hostile server was never asked`, server.hits.length,
	    0);
	eq(`${label}: the loader asked dais's /fragment/ only, with ?lang= ` +
	    'alone (the link\'s, else the page\'s <html lang>)',
	    fetched.sort().join(' '), [`${BASE}/fragment/event/${EVENT}?lang=en`,
	    `${BASE}/fragment/event/${EVENT}/panel-3?lang=es`].sort().join(' '));
	check(`${label}: the event's statements`, got.embedded.length > 0 &&
	    STATEMENTS.every((s) => got.embedded[0].includes(
	    `${s.id}:${s.language}`)), JSON.stringify(got.embedded));
	const es = got.embedded[1] || [];
	// ?lang= chooses the language shown; it filters nothing.
	check(`${label}: panel 3 in Spanish, each statement in its own`,
	    STATEMENTS.every((s) => es.includes(`${s.id}:${s.language}`) ===
	    (s.session === 'panel-3')), JSON.stringify(es));
	await screenshot(page, `publish-desktop-hostile-${origin === ORIGIN ?
	    'same' : 'cross'}`);
	await page.context().close();
}

// clobber.html: a page whose content shadows document.currentScript with a
// named image whose src is the hostile server's "embed.js" (DOM
// clobbering: the pattern of webpack's CVE-2024-43788), and a link to
// that server. The loader must take no base from it: the link stays,
// nothing is asked of the hostile server, nothing runs.
async function checkClobberedPage(browser, server) {
	const hostile = `http://127.0.0.1:${server.address().port}`;
	fs.writeFileSync(path.join(NEWS_DIR, 'clobber.html'), `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>A page that shadows currentScript – Coalition news</title>
</head>
<body>
<main>
<h1>Statements</h1>
<img name="currentScript" src="${hostile}/statements/embed.js" alt="">
<p><a class="dais-embed" id="other-server" href="${hostile}/statements/e/${EVENT}">Another server</a></p>
<script src="${BASE}/embed.js?v=clobber" async></script>
</main>
</body>
</html>
`);
	const page = await newPage(browser, DESKTOP);
	server.hits = [];
	await page.goto(`${ORIGIN2}/news/clobber.html`);
	await page.waitForLoadState('networkidle').catch(() => {});
	await page.waitForTimeout(300);
	const got = await page.evaluate(() => ({
		pwned: window.__pwned,
		links: [...document.querySelectorAll('a.dais-embed')].map((a) => a.id),
		clobbered: !(document.currentScript instanceof HTMLScriptElement) &&
		    document.currentScript !== null,
	}));
	check('clobbered currentScript: the page did shadow it', got.clobbered,
	    JSON.stringify(got));
	eq('clobbered currentScript: the link stays a link', got.links.join(' '),
	    'other-server');
	eq('clobbered currentScript: nothing ran', got.pwned, undefined);
	eq('clobbered currentScript: no fragment asked of the hostile server',
	    server.hits.filter((u) => u.includes('/fragment/')).length, 0);
	await page.context().close();
}

// ---- the scenario --------------------------------------------------------------

// ---- the host page's language ----------------------------------------------

// One statement in English with approved French and Spanish versions (made
// with SQL as the translation flows do: a statement row with original_id),
// on host pages in English, French and Spanish, by SSI (the page sets an
// SSI variable and includes ?lang=$lang, as README shows), by the script
// loader (it sends <html lang>) and by the frame (?lang= in its src): each
// page shows the version in its language, marked with it.
const VERSIONS = {
	en: { title: 'One statement in three languages', body: 'LANG-EN-BODY' },
	fr: { title: 'Une déclaration en trois langues', body: 'LANG-FR-CORPS' },
	es: { title: 'Una declaración en tres idiomas', body: 'LANG-ES-CUERPO' },
};

function sql(q) {
	return execFileSync('sqlite3', [process.env.DAIS_DB, q],
	    { encoding: 'utf8' }).trim();
}

function translate(original, lang) {
	const v = VERSIONS[lang];
	const n = Number(sql('SELECT max(id) + 1 FROM statement'));
	const pid = `tr${n}${lang}`;

	sql(`CREATE TEMP TABLE t AS SELECT * FROM statement WHERE public_id =
	    '${original}';
	    UPDATE t SET id = ${n}, public_id = '${pid}', status_hash = 'tr-${n}',
	    original_id = (SELECT id FROM statement WHERE public_id =
	    '${original}'), language = '${lang}', title = '${v.title}',
	    source = '${v.body}', html = '<p>${v.body}</p>', state = 'pending',
	    rev = 1, published = '', publish_at = 0;
	    INSERT INTO statement SELECT * FROM t;
	    INSERT INTO revision(statement_id, rev, author, note, state,
	    session_id, title, speaker, speaker_role, org_name, on_behalf_of,
	    cosignatories, kind, delivered, language, format, source, html,
	    created) SELECT id, 1, 'submitter', 'translation', state, session_id,
	    title, speaker, speaker_role, org_name, on_behalf_of, cosignatories,
	    kind, delivered, language, format, source, html, created FROM t;`);
	return { id: pid, title: v.title };
}

function writeLanguageHosts(id) {
	const dir = path.join(NEWS_DIR, 'lang');

	fs.mkdirSync(dir, { recursive: true });
	for (const lang of Object.keys(VERSIONS)) {
		const head = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${lang} – Coalition news</title>
<link rel="stylesheet" href="/news/host.css">
</head>
<body>
<main>
<h1>${lang}</h1>
`;
		fs.writeFileSync(path.join(dir, `ssi-${lang}.html`), head +
		    `<!--# set var="lang" value="${lang}" -->
<!--# include virtual="/statements/fragment/statement/${id}?lang=$lang" -->
</main></body></html>
`);
		fs.writeFileSync(path.join(dir, `script-${lang}.html`), head +
		    `<p><a class="dais-embed" href="${BASE}/s/${id}">Read it</a></p>
<script src="/statements/embed.js" async></script>
</main></body></html>
`);
		fs.writeFileSync(path.join(dir, `iframe-${lang}.html`), head +
		    `<iframe class="dais-frame" src="${BASE}/frame/statement/${id}?lang=${lang}" title="Statement" width="100%" height="400"></iframe>
<script src="/statements/embed.js" async></script>
</main></body></html>
`);
	}
}

async function languageHosts(browser, cookie) {
	const s = { key: 'langs', session: 'panel-4', language: 'en',
	    title: VERSIONS.en.title, speaker: 'Amal Haddad',
	    organisation: 'Coalition', body: VERSIONS.en.body };

	await send(s);
	await approve(cookie, s);
	const shown = { en: { id: s.id } };
	for (const lang of ['fr', 'es']) {
		shown[lang] = translate(s.id, lang);
		await approve(cookie, shown[lang]);
	}
	writeLanguageHosts(s.id);
	const page = await newPage(browser, DESKTOP);

	for (const how of ['ssi', 'script', 'iframe']) {
		for (const lang of Object.keys(VERSIONS)) {
			const label = `${how} host page in ${lang}`;

			await page.goto(`${ORIGIN}/news/lang/${how}-${lang}.html`);
			let frame = page.mainFrame();
			if (how === 'iframe') {
				const el = await page.waitForSelector('iframe.dais-frame');
				frame = await el.contentFrame();
			}
			const art = await frame.waitForSelector(
			    'article.dais-statement', { timeout: 10000 })
			    .catch(() => null);
			check(`${label}: the statement arrives`, !!art);
			if (!art)
				continue;
			const got = await art.evaluate((a) => ({
				id: a.id, lang: a.getAttribute('lang'),
				text: a.textContent,
				ui: a.closest('.dais-statements') ?
				    a.closest('.dais-statements').getAttribute('lang') :
				    null,
			}));
			eq(`${label}: the ${lang} version`, got.id,
			    `dais-${shown[lang].id}`);
			eq(`${label}: marked lang="${lang}"`, got.lang, lang);
			check(`${label}: its text`, got.text.includes(
			    VERSIONS[lang].body) && Object.keys(VERSIONS).every((l) =>
			    l === lang || !got.text.includes(VERSIONS[l].body)),
			    got.text.slice(0, 200));
			eq(`${label}: the labels' language`, got.ui, lang);
			if (lang === 'fr')
				check(`${label}: the date in French`,
				    got.text.includes('21 mai 2024'), got.text);
		}
	}
	await page.context().close();
}

run('publish', async (browser) => {
	check('ORIGIN2 and NEWS_DIR are set', !!ORIGIN2 && !!NEWS_DIR &&
	    fs.existsSync(path.join(NEWS_DIR, 'ssi.html')));

	// Three statements sent and approved; the fourth sent, approved later.
	for (const s of STATEMENTS)
		await send(s);
	const cookie = await signInHttp();
	const first = STATEMENTS.slice(0, 3);
	const later = STATEMENTS[3];
	for (const s of first)
		await approve(cookie, s);

	// The direct fragment: conditional requests answer 304, an include
	// never does (the host page's If-None-Match reaches dais inside it).
	const frag = await get(`${BASE}/fragment/event/${EVENT}`);
	const etag = frag.headers.get('etag');
	check('fragment has an ETag', !!etag);
	check('fragment shows the approved statements', first.every((s) =>
	    frag.text.includes(`id="dais-${s.id}"`)));
	eq('fragment: If-None-Match answers 304', (await get(
	    `${BASE}/fragment/event/${EVENT}`, { 'If-None-Match': etag }))
	    .status, 304);
	const inc = await get(`${ORIGIN}/news/ssi.html`, { 'If-None-Match': etag,
	    'If-Modified-Since': new Date(Date.now() + 3600e3).toUTCString() });
	eq('SSI page with the fragment\'s validators: 200', inc.status, 200);
	check('SSI page with the fragment\'s validators: the statements are ' +
	    'included', first.every((s) => inc.text.includes(`id="dais-${s.id}"`)),
	    inc.text.slice(0, 600));
	check('SSI page: the include directive is gone', !inc.text.includes(
	    '<!--#include'));

	// The loader on another site: the fragment answers with CORS for it,
	// and says it varies by Origin whether or not a request has one (a
	// cache may keep an answer to a request without Origin and give it to
	// the other site).
	{
		const cross = await get(`${BASE}/fragment/event/${EVENT}`,
		    { Origin: ORIGIN2 });
		eq('fragment for the other site: Access-Control-Allow-Origin',
		    cross.headers.get('access-control-allow-origin'), ORIGIN2);
		const other = await get(`${BASE}/fragment/event/${EVENT}`,
		    { Origin: 'http://elsewhere.example' });
		eq('fragment for a site not listed: no Access-Control-Allow-Origin',
		    other.headers.get('access-control-allow-origin'), null);
		check('fragment without Origin: Vary: Origin (cors_origins is set)',
		    /(^|,\s*)origin(\s*,|$)/i.test(frag.headers.get('vary') || ''),
		    `Vary: ${frag.headers.get('vary')}`);
		const page = await newPage(browser, DESKTOP);

		await page.goto(`${ORIGIN2}/news/script-cross.html`);
		const ok = await page.waitForSelector('.dais-embedded',
		    { timeout: 10000 }).then(() => true, () => false);
		if (check('script-cross page, first page of a fresh browser: the ' +
		    'statements arrive', ok))
			await checkStatements(page.mainFrame(), 'script-cross page ' +
			    '(fresh browser)', first);
		await page.context().close();
	}

	// The WordPress-like page, from the addresses a writer would paste.
	const wp = await writeOembedPage(`${BASE}/s/${first[0].id}`,
	    `${BASE}/e/${EVENT}`);

	// Every host page on a desktop: the statements, in order.
	const ctx = await newContext(browser, DESKTOP);
	const pages = {};
	for (const h of HOSTS) {
		const page = await ctx.newPage();
		const label = `${h.name} page`;

		pages[h.name] = page;
		page.on('console', (m) => {
			if (m.type() === 'error')
				page.errors.push(m.text());
		});
		page.errors = [];
		const resp = await page.goto(hostUrl(h));
		eq(`${label}: status`, resp.status(), 200);
		let frame;
		try {
			frame = await ready(page, h);
		} catch (e) {
			check(`${label}: the statements arrive`, false,
			    `${e.message.split('\n')[0]}; errors in the console: ` +
			    page.errors.join(' | '));
			await screenshot(page, `publish-desktop-${h.name}-FAILED`);
			continue;
		}
		await checkStatements(frame, label, first);
		if (h.method === 'script')
			eq(`${label}: the link is replaced`, await page.locator(
			    'a.dais-embed').count(), 0);
		if (h.method === 'iframe') {
			const fit = await frameFit(page, 'iframe.dais-frame');
			check(`${label}: the iframe grew past its 150 px`, fit.box >
			    150, JSON.stringify(fit));
			check(`${label}: the iframe is as tall as its content`,
			    Math.abs(fit.box - fit.content) <= 2, JSON.stringify(fit));
		}
		if (h.method === 'oembed' && wp) {
			for (const [sel, e] of [['/frame/statement/', wp.one],
			    ['/frame/event/', wp.all]]) {
				const s = `iframe.wp-embedded-content[src*="${sel}"]`;
				const fit = await frameFit(page, s);
				const want = Math.min(1000, Math.max(200, fit.content));

				check(`${label} ${sel}: the iframe grew past its 150 px`,
				    fit.box > 150, JSON.stringify(fit));
				eq(`${label} ${sel}: the iframe has its content's ` +
				    'height (200–1000)', Number(fit.attr), want);
				check(`${label} ${sel}: the fallback blockquote is hidden`,
				    !(await page.locator(`blockquote[data-secret="` +
				    `${e.secret}"]`).isVisible()));
			}
			const log = await page.evaluate(() => window.wpEmbedLog);
			check(`${label}: every message came with a secret of the page`,
			    log.length > 0 && log.every((m) => m.matched),
			    JSON.stringify(log));
			const one = await (await page.$(
			    'iframe.wp-embedded-content[src*="/frame/statement/"]'))
			    .contentFrame();
			const single = await statementsIn(one);
			eq(`${label}: the statement's frame shows that one statement`,
			    single.articles.map((a) => a.id).join(), first[0].id);
		}
		await shoot(page, h, `publish-desktop-${h.name}`);
	}

	// The frame's side of the WordPress protocol, asked directly: "ready"
	// with a wrong secret or none is ignored, with the right one answered.
	if (wp) {
		const page = pages.oembed;
		const answers = await page.evaluate(async (secret) => {
			const f = document.querySelector(
			    'iframe.wp-embedded-content[src*="/frame/event/"]');
			const got = [];
			const on = (e) => {
				if (e.source === f.contentWindow)
					got.push(e.data);
			};
			const wait = () => new Promise((r) => setTimeout(r, 400));
			const out = {};

			window.addEventListener('message', on);
			f.contentWindow.postMessage({ message: 'ready',
			    secret: 'wrong0secret' }, '*');
			await wait();
			out.wrong = got.splice(0);
			f.contentWindow.postMessage({ message: 'ready' }, '*');
			await wait();
			out.none = got.splice(0);
			f.contentWindow.postMessage({ message: 'ready', secret }, '*');
			await wait();
			out.right = got.splice(0);
			window.removeEventListener('message', on);
			return out;
		}, wp.all.secret);
		eq('frame.js: "ready" with a wrong secret is not answered',
		    answers.wrong.length, 0);
		eq('frame.js: "ready" without the secret is not answered',
		    answers.none.length, 0);
		check('frame.js: "ready" with the secret is answered with the ' +
		    'height and the secret', answers.right.length >= 1 &&
		    answers.right.every((m) => m.message === 'height' &&
		    typeof m.value === 'number' && m.value > 150 &&
		    m.secret === wp.all.secret), JSON.stringify(answers.right));
	}
	// Without a secret (a plain iframe), "ready" is answered.
	{
		const page = pages.iframe;
		const answer = await page.evaluate(async () => {
			const f = document.querySelector('iframe.dais-frame');
			const got = [];
			const on = (e) => {
				if (e.source === f.contentWindow)
					got.push(e.data);
			};

			window.addEventListener('message', on);
			f.contentWindow.postMessage({ message: 'ready' }, '*');
			await new Promise((r) => setTimeout(r, 400));
			window.removeEventListener('message', on);
			return got;
		});
		check('frame.js: a plain iframe\'s "ready" is answered with the ' +
		    'height', answer.length >= 1 && answer[0].message === 'height' &&
		    answer[0].value > 150, JSON.stringify(answer));
	}

	// One more approval; a normal reload of each page shows it.
	await approve(cookie, later);
	const all = STATEMENTS;
	for (const h of HOSTS) {
		const page = pages[h.name];
		const label = `${h.name} page after one more approval`;
		const mark = accessMark();
		let hostRequest = null;
		const onRequest = (req) => {
			if (req.isNavigationRequest() && req.frame() ===
			    page.mainFrame())
				hostRequest = req;
		};

		page.on('request', onRequest);
		page.errors = [];
		try {
			await page.reload();
			const frame = await ready(page, h);
			const got = await checkStatements(frame, label, all);
			const ids = got.articles.map((a) => a.id);
			check(`${label}: the new statement comes before the others ` +
			    '(panel 1)', ids.indexOf(later.id) >= 0 &&
			    first.every((s) => ids.indexOf(later.id) <
			    ids.indexOf(s.id)), ids.join(' '));
			if (!ids.includes(later.id)) {
				const seen = accessSince(mark).map((l) =>
				    (/"GET (\S+)[^"]*" (\d+)/.exec(l) || []).slice(1)
				    .join(' '));
				console.log(`    ${h.name}: requests that reached nginx ` +
				    `during the reload: ${seen.join(', ')}` + (seen.some(
				    (l) => /\/statements\/(fragment|frame)\//.test(l)) ?
				    '' : ' (none for the fragment or the frame: the ' +
				    'browser reused its cached copy)'));
			}
		} catch (e) {
			check(`${label}: the statements arrive`, false,
			    `${e.message.split('\n')[0]}; errors in the console: ` +
			    page.errors.join(' | '));
		}
		page.off('request', onRequest);
		if (h.method !== 'ssi' && hostRequest) {
			const hdr = await hostRequest.allHeaders();
			check(`${label}: the reload revalidated the host page`,
			    !!(hdr['if-none-match'] || hdr['if-modified-since']),
			    JSON.stringify(hdr));
		}
		await shoot(page, h, `publish-desktop-${h.name}-after`);
	}

	// A link in the oEmbed frame: the sandbox has no popups; the frame
	// posts "link" and the parent, whose frame has the focus, follows it.
	if (wp) {
		const page = pages.oembed;
		const f = await (await page.$(
		    'iframe.wp-embedded-content[src*="/frame/event/"]'))
		    .contentFrame();
		const s = first[2];
		const link = f.locator(`#dais-${s.id} .dais-permalink a`);
		await Promise.all([page.waitForURL(`${BASE}/s/${s.id}`,
		    { timeout: 5000 }).catch(() => {}), link.click()]);
		eq('oEmbed frame: a permalink opens the statement in the page',
		    page.url(), `${BASE}/s/${s.id}`);
	}
	// A link in the plain iframe opens in a new tab.
	{
		const page = pages.iframe;
		const f = await (await page.$('iframe.dais-frame')).contentFrame();
		const s = first[2];
		const [tab] = await Promise.all([ctx.waitForEvent('page',
		    { timeout: 5000 }).catch(() => null), f.locator(
		    `#dais-${s.id} .dais-permalink a`).click()]);
		if (tab)
			await tab.waitForLoadState('load').catch(() => {});
		eq('iframe: a permalink opens the statement in a new tab',
		    tab ? tab.url() : null, `${BASE}/s/${s.id}`);
		eq('iframe: the host page stays', page.url(),
		    `${ORIGIN}/news/iframe.html`);
		if (tab)
			await tab.close();
	}
	await ctx.close();

	// Phone screenshots, and axe on each host page.
	const phone = await newContext(browser, PHONE);
	for (const h of HOSTS) {
		const page = await phone.newPage();
		const errors = [];

		page.on('console', (m) => m.type() === 'error' &&
		    errors.push(m.text()));
		await page.goto(hostUrl(h));
		try {
			await ready(page, h);
		} catch (e) {
			check(`${h.name} page on a phone: the statements arrive`, false,
			    `${e.message.split('\n')[0]}; errors in the console: ` +
			    errors.join(' | '));
		}
		const width = await page.evaluate(() => document.documentElement
		    .scrollWidth);
		check(`${h.name} page on a phone: no sideways scrolling`,
		    width <= 360, width);
		await shoot(page, h, `publish-phone-${h.name}`);
		await page.close();
	}
	await phone.close();
	const axeCtx = await newContext(browser, DESKTOP);
	for (const h of HOSTS) {
		const page = await axeCtx.newPage();

		await page.goto(hostUrl(h));
		await ready(page, h).catch(() => {});
		await checkAxe(page, `${h.name} host page`, 6);
		await page.close();
	}

	// The public pages.
	for (const [label, url] of [
		['/s/ID', `${BASE}/s/${later.id}`],
		['/e/EVENT', `${BASE}/e/${EVENT}`],
		['/frame/event/EVENT', `${BASE}/frame/event/${EVENT}`],
	]) {
		const page = await axeCtx.newPage();
		const resp = await page.goto(url);

		eq(`${label}: status`, resp.status(), 200);
		await checkAxe(page, label, 6, ['best-practice']);
		await screenshot(page, `publish-desktop-public-${label.replace(
		    /[^a-z]+/gi, '-').replace(/^-|-$/g, '')}`);
		await page.close();
	}
	await axeCtx.close();

	// JavaScript off: the loader's link stays and leads to the event.
	{
		const page = await newPage(browser, Object.assign({}, DESKTOP,
		    { javaScriptEnabled: false }));

		await page.goto(`${ORIGIN}/news/script.html`);
		const link = page.locator('a.dais-embed');
		eq('no JavaScript: the link stays', await link.count(), 1);
		check('no JavaScript: the link is shown', await link.isVisible());
		eq('no JavaScript: no statements inserted', await page.locator(
		    '.dais-embedded').count(), 0);
		await screenshot(page, 'publish-desktop-script-nojs');
		const status = await clickAndWait(page, link);
		eq('no JavaScript: following the link: 200', status, 200);
		eq('no JavaScript: the link leads to the event', page.url(),
		    `${BASE}/e/${EVENT}`);
		eq('no JavaScript: the event\'s page', (await page.locator('h1')
		    .textContent()).trim(), EVENT_TITLE);
		check('no JavaScript: the event\'s page lists the statements',
		    (await page.locator('article.dais-statement').count()) >= 4);
		await page.context().close();
	}

	// Requests for the loader that bring nothing: the link stays.
	const failing = [
		['an event that does not exist', `${ORIGIN}/news/script-missing.html`,
		    null],
		['a network error', `${ORIGIN}/news/script.html`, (route) =>
		    route.abort('connectionrefused')],
		['a server error', `${ORIGIN}/news/script.html`, (route) =>
		    route.fulfill({ status: 503, contentType: 'text/html',
		    body: '<p>Service unavailable</p>' })],
		['an answer that is not a dais fragment (no X-Dais-Fragment)',
		    `${ORIGIN}/news/script.html`, (route) => route.fulfill({
		    status: 200, contentType: 'text/html', body: pwn(3),
		    headers: { 'Access-Control-Allow-Origin': '*' } })],
		['a site not in cors_origins', ORIGIN2 ? ORIGIN2.replace(
		    '127.0.0.1', 'localhost') + '/news/script-cross.html' : '', null],
	];
	for (const [why, url, handler] of failing) {
		const page = await newPage(browser, DESKTOP);
		const done = new Promise((resolve) => {
			const isFrag = (r) => r.url().includes('/fragment/');

			page.on('requestfinished', (r) => isFrag(r) && resolve('done'));
			page.on('requestfailed', (r) => isFrag(r) && resolve('failed'));
			setTimeout(() => resolve('timeout'), 5000);
		});

		if (handler)
			await page.route('**/fragment/**', handler);
		await page.goto(url);
		const how = await done;
		await page.waitForTimeout(300);
		check(`loader with ${why}: the fragment was asked for`,
		    how !== 'timeout', how);
		eq(`loader with ${why}: the link stays`, await page.locator(
		    'a.dais-embed').count(), 1);
		eq(`loader with ${why}: nothing inserted`, await page.locator(
		    '.dais-embedded').count(), 0);
		eq(`loader with ${why}: nothing ran`, await page.evaluate(() =>
		    window.__pwned), undefined);
		await page.context().close();
	}

	// Links with the loader's class that are not dais's, on dais's site
	// and on another one.
	{
		const server = await hostileServer();

		try {
			writeHostilePage(`http://127.0.0.1:${server.address().port}`);
			for (const origin of [ORIGIN, ORIGIN2])
				await checkHostilePage(browser, origin, server);
			await checkClobberedPage(browser, server);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	}
	{
		const page = await newPage(browser, DESKTOP);

		await page.goto(`${ORIGIN}/news/script-missing.html`);
		await page.waitForTimeout(300);
		await screenshot(page, 'publish-desktop-script-missing');
		await page.context().close();
	}
	await stackedMarks(browser, cookie);
	await languageHosts(browser, cookie);
});
