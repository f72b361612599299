// lib.js — shared by the browser tests: Debian's headless Chromium through
// playwright-core, a pass/fail counter, axe-core checks, screenshots kept as
// artifacts, and a helper that waits for a form's answer to load.
//
// Environment (set by run.sh): BASE (http://127.0.0.1:PORT/statements),
// ARTIFACTS (where screenshots go), DAIS_DB.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const BASE = process.env.BASE;
const ARTIFACTS = process.env.ARTIFACTS ||
    path.join(__dirname, '..', 'out', 'screenshots');
const AXE = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true,
    hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

let passed = 0;
let failed = 0;

// check(name, cond[, detail]): counts one assertion.
// The distinct checks, by name: one check repeated in a loop under the
// same name counts once (summary prints how many).
const seen = new Set();

function check(name, cond, detail) {
	seen.add(name);
	if (cond) {
		passed++;
	} else {
		failed++;
		console.log(`FAIL: ${name}${detail === undefined ? '' :
		    ': ' + String(detail).slice(0, 600)}`);
	}
	return !!cond;
}

// eq(name, got, want): check with the values in the message.
function eq(name, got, want) {
	return check(name, got === want, `got ${JSON.stringify(got)}, want ` +
	    JSON.stringify(want));
}

function launch() {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--disable-background-networking',
		    '--disable-component-update', '--disable-sync',
		    '--no-first-run'],
	});
}

// The options each context was made with, so that axe can look at the page
// the same size.
const contextOptions = new WeakMap();

async function newContext(browser, options) {
	const ctx = await browser.newContext(options);

	contextOptions.set(ctx, options);
	ctx.setDefaultTimeout(15000);
	ctx.setDefaultNavigationTimeout(15000);
	return ctx;
}

async function newPage(browser, options) {
	const ctx = await newContext(browser, options);

	return ctx.newPage();
}

// clickAndWait(page, locator): clicks (taps on a touch screen) something
// that loads a new document — a form's button or a link — and waits until
// that document has loaded. Returns the HTTP status of the document shown
// (after redirects).
async function clickAndWait(page, loc) {
	const main = page.mainFrame();
	const touch = (contextOptions.get(page.context()) || {}).hasTouch;
	let status = 0;
	const onResponse = (resp) => {
		const req = resp.request();

		if (req.isNavigationRequest() && req.frame() === main)
			status = resp.status();
	};
	const committed = page.waitForEvent('framenavigated',
	    { predicate: (f) => f === main });

	page.on('response', onResponse);
	try {
		if (touch)
			await loc.tap();
		else
			await loc.click();
		await committed;
		await page.waitForLoadState('load');
	} finally {
		page.off('response', onResponse);
	}
	return status;
}

// axe(page, label[, minPasses]): runs axe-core on what the page shows now
// and returns the violations. The page itself keeps the site's strict CSP:
// its current document is replayed, at the same address and size, in a
// separate context with bypassCSP, where axe is injected. At least
// minPasses rules (10 unless given; small pages have fewer that apply)
// must have passed, as a sign that axe looked at the page.
// axe(page, label[, minPasses[, extraTags]]): extraTags adds rule sets
// such as 'best-practice' (one h1, landmarks, heading order).
async function axe(page, label, minPasses, extraTags) {
	const html = await page.content();
	const url = page.url().replace(/#.*$/, '');
	const options = Object.assign({}, contextOptions.get(page.context()) ||
	    DESKTOP, { bypassCSP: true });
	const ctx = await page.context().browser().newContext(options);
	let result;

	try {
		await ctx.route((u) => u.href.replace(/#.*$/, '') === url,
		    (route) => route.fulfill({ status: 200,
		    contentType: 'text/html; charset=utf-8', body: html }));
		const p = await ctx.newPage();

		await p.goto(url, { waitUntil: 'load' });
		await p.addScriptTag({ path: AXE });
		result = await p.evaluate((tags) => window.axe.run(document,
		    { runOnly: { type: 'tag', values: tags },
		    resultTypes: ['violations'] }), AXE_TAGS.concat(extraTags ||
		    []));
	} finally {
		await ctx.close();
	}
	check(`axe ran its rules on ${label}`, result.passes.length >
	    (minPasses === undefined ? 10 : minPasses - 1),
	    `${result.passes.length} rules passed`);
	for (const v of result.violations) {
		console.log(`axe [${label}] ${v.id} (${v.impact}): ${v.help}`);
		for (const n of v.nodes)
			console.log(`    ${n.target.join(' ')}  ` +
			    n.html.replace(/\s+/g, ' ').slice(0, 160));
	}
	return result.violations;
}

// checkAxe(page, label[, minPasses]): axe must find nothing, and no id may
// be used twice (axe 4.10 no longer checks that under the WCAG tags).
async function checkAxe(page, label, minPasses, extraTags) {
	const v = await axe(page, label, minPasses, extraTags);
	const dup = await page.$$eval('[id]', (els) => {
		const seen = new Set(), twice = new Set();

		for (const e of els)
			(seen.has(e.id) ? twice : seen).add(e.id);
		return [...twice];
	});

	check(`no duplicate ids on ${label}`, dup.length === 0, dup.join(' '));

	return check(`axe: no violations on ${label}`, v.length === 0,
	    v.map((x) => `${x.id} (${x.nodes.length})`).join(', '));
}

// screenshot(page, name[, fullPage]): ARTIFACTS/name.png, the whole page
// unless fullPage is false (then what is in view).
function screenshot(page, name, fullPage) {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	return page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`),
	    fullPage: fullPage !== false });
}

function summary(name) {
	console.log(`${name}: ${seen.size} distinct checks`);
	console.log(`${name}: ${passed} passed, ${failed} failed`);
	return failed === 0;
}

// run(name, fn): launches Chromium, runs fn(browser), prints the summary
// and sets the exit status. A browser that does not start, or an exception
// (a selector that never appeared, a page that did not load), is a failure.
async function run(name, fn) {
	let browser = null;

	if (!BASE) {
		check('BASE is set in the environment', false);
	} else {
		try {
			browser = await launch();
		} catch (e) {
			check('Chromium starts', false, e.message);
		}
	}
	if (browser) {
		try {
			await fn(browser);
		} catch (e) {
			check(`${name} ran to the end`, false, e.stack);
		}
		await browser.close().catch(() => {});
	}
	process.exitCode = summary(name) ? 0 : 1;
}

// signIn(page, user): the moderator signs in through the form.
async function signIn(page, user, password) {
	await page.goto(`${BASE}/moderate`);
	check(`${user}: the queue asks to sign in first`,
	    /\/login/.test(page.url()), page.url());
	await page.fill('#user', user);
	await page.fill('#password', password || 'correct horse battery');
	await clickAndWait(page, page.getByRole('button', { name: 'Sign in' }));
	return check(`${user} is signed in`, new URL(page.url()).pathname ===
	    new URL(`${BASE}/moderate`).pathname, page.url());
}

module.exports = { BASE, ARTIFACTS, PHONE, DESKTOP, check, eq, launch,
    newContext, newPage, clickAndWait, axe, checkAxe, screenshot, summary,
    run, signIn };
