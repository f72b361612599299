// phones.test.js — no page of dais is wider than a 320 px phone. A statement
// with a wide table (eight columns), a word of 200 letters and a long
// address is sent through the real form on a phone, previewed, sent,
// approved, and then read everywhere it appears: the preview, the receipt,
// the status page, the public page, the event page, the frame, and the host
// pages that include it by SSI, by the script loader and by an iframe (with
// dais-fragment.css, as the demo's news page links it). Then
// every other kind of dais page. On each: the document does not scroll
// sideways, no element leaves the window (the table scrolls inside its own
// .dais-table box, which does), and axe-core finds nothing on the pages of
// dais. Screenshots of each kept as artifacts (phones-*.png).
'use strict';

const { BASE, check, eq, newPage, clickAndWait, checkAxe, screenshot, run,
    signIn } = require('./lib');

const ORIGIN = BASE ? new URL(BASE).origin : '';
const NARROW = { viewport: { width: 320, height: 640 }, isMobile: true,
    hasTouch: true, deviceScaleFactor: 2 };
const TITLE = 'Quotas and pathways: figures by region';
const WORD = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(5)
    .slice(0, 200);
const URL_LONG = 'https://www.example.org/reports/2024/international-' +
    'dialogue-on-migration/annex-3/regional-labour-pathways-and-quotas-' +
    'by-country-of-origin-and-destination.pdf';
const COLS = ['Region', 'Quota 2022', 'Quota 2023', 'Quota 2024',
    'Admitted', 'Refused', 'Pending review', 'Change since 2022'];
const BODY = '<p>Our figures, by region:</p>\n<table><thead><tr>' +
    COLS.map((c) => `<th>${c}</th>`).join('') + '</tr></thead><tbody>' +
    ['Central America', 'West Africa', 'South-East Asia'].map((r) =>
	'<tr>' + [r, '12,500', '14,250', '15,000', '11,980', '1,204',
	    '2,316', '+20 per cent'].map((v) => `<td>${v}</td>`).join('') +
	'</tr>').join('') + '</tbody></table>\n' +
    `<p>A word that never ends: ${WORD}.</p>\n` +
    `<p>The annex: <a href="${URL_LONG}">${URL_LONG}</a> and, written out, ` +
    `${URL_LONG}</p>`;

// The document does not scroll sideways and nothing leaves the window,
// but what is inside a table's own scrolling box.
async function fits(page, label) {
	const r = await page.evaluate(() => {
		const w = document.documentElement.clientWidth;
		const out = [];

		// Inside a box that scrolls (or clips) by itself: that box is
		// what must fit.
		const inScroller = (el) => {
			for (let a = el.parentElement; a !== null &&
			    a !== document.body; a = a.parentElement)
				if (/^(auto|scroll|hidden)$/.test(
				    getComputedStyle(a).overflowX))
					return true;
			return false;
		};
		for (const el of document.querySelectorAll('body *')) {
			if (inScroller(el))
				continue;
			const b = el.getBoundingClientRect();

			if (b.width > 1 && (b.right > w + 1 || b.left < -1))
				out.push(el.tagName.toLowerCase() +
				    (el.className ? '.' + el.className : ''));
		}
		return { sw: document.documentElement.scrollWidth, w, out };
	});
	return check(`${label}: not wider than 320 px`, r.sw <= r.w &&
	    r.out.length === 0, `scrollWidth ${r.sw}, width ${r.w}: ` +
	    r.out.slice(0, 8).join(', '));
}

// The table is there and scrolls in its box (it is wider than the phone).
async function tableScrolls(page, label, frame) {
	const f = frame || page;
	const r = await f.evaluate(() => {
		const box = document.querySelector('.dais-table');

		return box === null ? null : [box.scrollWidth, box.clientWidth,
		    box.querySelectorAll('th').length];
	});
	check(`${label}: the table scrolls inside its own box`, r !== null &&
	    r[0] > r[1] && r[2] === 8, JSON.stringify(r));
}

async function send(page) {
	await page.goto(`${BASE}/submit`);
	await page.selectOption('#event', 'idm-2024-1');
	await page.selectOption('#session', 'panel-4');
	await page.check('#kind-written');
	await page.fill('#title', TITLE);
	await page.fill('#organisation', 'Migrant Rights Initiative');
	await page.selectOption('#language', 'en');
	await page.check('#format-html');
	await page.fill('#body', BODY);
	await page.fill('#submitter_name', 'Data officer');
	await page.fill('#submitter_email', 'data@example.org');
	await page.check('#consent');
}

run('phones', async (browser) => {
	const p = await newPage(browser, NARROW);

	// The preview, the receipt and the status page, on the phone.
	await send(p);
	eq('preview', await clickAndWait(p, p.getByRole('button',
	    { name: 'Preview', exact: true })), 200);
	await tableScrolls(p, 'preview');
	await fits(p, 'preview');
	await screenshot(p, 'phones-01-preview', true);
	eq('sent', await clickAndWait(p, p.getByRole('button',
	    { name: 'Send statement' })), 200);
	await fits(p, 'receipt');
	await screenshot(p, 'phones-02-receipt', true);
	await checkAxe(p, 'receipt at 320 px');
	const status = await p.locator('#status-link a, .private-link a')
	    .first().getAttribute('href');
	eq('status page', (await p.goto(status)).status(), 200);
	await tableScrolls(p, 'status page');
	await fits(p, 'status page');
	await screenshot(p, 'phones-03-status', true);
	await checkAxe(p, 'status page at 320 px');

	// Approved from the phone.
	await signIn(p, 'alice');
	await p.goto(`${BASE}/moderate`);
	await fits(p, 'queue');
	await screenshot(p, 'phones-04-queue', true);
	eq('review page', await clickAndWait(p, p.locator('.queue-title',
	    { hasText: TITLE })), 200);
	const id = new URL(p.url()).pathname.split('/').pop();
	await tableScrolls(p, 'review page');
	await fits(p, 'review page');
	await screenshot(p, 'phones-05-review', true);
	eq('approved', await clickAndWait(p, p.getByRole('button',
	    { name: 'Approve and publish' })), 200);
	await fits(p, 'review page after approving');

	// Where readers see it.
	const pages = [
		['public statement', `${BASE}/s/${id}`, true, true],
		['event page', `${BASE}/e/idm-2024-1`, true, true],
		['frame', `${BASE}/frame/event/idm-2024-1`, true, false],
		['host page with SSI', `${ORIGIN}/news/ssi.html`, true, false],
		['host page with the script loader',
		    `${ORIGIN}/news/script.html`, true, false],
	];
	for (const [label, url, table, axe] of pages) {
		eq(`${label}: 200`, (await p.goto(url)).status(), 200);
		// A host page with dais's optional stylesheet, as the demo's
		// news page links it (without it, the host's own look rules).
		if (url.startsWith(`${ORIGIN}/news/`))
			await p.addStyleTag({ url:
			    `${BASE}/static/dais-fragment.css` });
		if (/script\.html$/.test(url))
			await p.waitForSelector('.dais-statement', { timeout:
			    10000 }).catch(() => {});
		if (table)
			await tableScrolls(p, label);
		await fits(p, label);
		await screenshot(p, `phones-06-${label.replace(/\W+/g, '-')}`,
		    true);
		if (axe)
			await checkAxe(p, `${label} at 320 px`);
	}
	// The iframe: the host page and the frame inside it.
	eq('host page with the frame: 200', (await p.goto(
	    `${ORIGIN}/news/iframe.html`)).status(), 200);
	const frameEl = await p.waitForSelector('iframe.dais-frame');
	const frame = await frameEl.contentFrame();
	await frame.waitForSelector('.dais-statement');
	await tableScrolls(p, 'frame in the host page', frame);
	eq('frame in the host page: not wider than its iframe',
	    await frame.evaluate(() => document.documentElement.scrollWidth <=
	    document.documentElement.clientWidth), true);
	await fits(p, 'host page with the frame');
	await screenshot(p, 'phones-07-host-iframe', true);

	// Every other kind of page.
	const others = [
		['home', `${BASE}/`], ['events', `${BASE}/e/`],
		['organisation', `${BASE}/o/mri`],
		['search', `${BASE}/search?q=quotas`],
		['submit form', `${BASE}/submit`], ['my statements', `${BASE}/my`],
		['queue, published', `${BASE}/moderate?state=approved`],
		['audit log', `${BASE}/moderate/log`], ['admin', `${BASE}/admin`],
		['not found', `${BASE}/s/nosuchid`],
	];
	for (const [label, url] of others) {
		const r = await p.goto(url);

		check(`${label}: answered`, r.status() === 200 ||
		    (label === 'not found' && r.status() === 404),
		    String(r.status()));
		await fits(p, label);
		await screenshot(p, `phones-08-${label.replace(/\W+/g, '-')}`,
		    true);
	}
	await p.context().close();
});
