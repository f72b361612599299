// originals.test.js — originals for the public: a statement sent with a
// PDF through the real form; the moderator offers the document on the
// public page from the review page and approves; the public page offers
// "Download the original (PDF, N KB)", which downloads under the name the
// submitter gave it; unmarking takes the offer away. On a phone (360 px)
// and a desktop (1280 px), axe-core finding nothing, no horizontal scroll
// on the phone.
'use strict';

const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run, signIn } = require('./lib');

const TITLE = 'Protection at sea: our written submission';
// A PDF of 40 KB (40960 bytes): "%PDF-" is what makes it one.
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'),
    Buffer.alloc(40960 - 9 - 6, 0x20), Buffer.from('%%EOF\n')]);

async function send(page) {
	await page.goto(`${BASE}/submit`);
	await page.selectOption('#event', 'idm-2024-1');
	await page.selectOption('#session', 'panel-2');
	await page.check('#kind-written');
	await page.fill('#title', TITLE);
	await page.fill('#organisation', 'Mediterranean Rescue Network');
	await page.selectOption('#language', 'en');
	await page.check('#format-text');
	await page.fill('#body', 'Search and rescue is a legal duty.\n\n' +
	    'We ask for a predictable disembarkation mechanism.');
	await page.setInputFiles('#attachment', { name: 'Soumission écrite.pdf',
	    mimeType: 'application/octet-stream', buffer: PDF });
	await page.fill('#submitter_name', 'Coordinator');
	await page.fill('#submitter_email', 'rescue@example.org');
	await page.check('#consent');
	return clickAndWait(page, page.getByRole('button',
	    { name: 'Send statement' }));
}

// No element wider than the window, and no horizontal scroll.
async function noOverflow(page, label) {
	const r = await page.evaluate(() => {
		const w = window.innerWidth;
		const out = [];

		for (const el of document.querySelectorAll('body *')) {
			const b = el.getBoundingClientRect();

			if (b.width > 1 && (b.right > w + 1 || b.left < -1))
				out.push(el.tagName.toLowerCase());
		}
		return { sw: document.documentElement.scrollWidth, w, out };
	});
	return check(`${label}: no horizontal overflow`, r.sw <= r.w &&
	    r.out.length === 0, `scrollWidth ${r.sw}, window ${r.w}: ` +
	    r.out.join(', '));
}

function text(page, sel) {
	return page.locator(sel).first().textContent()
	    .then((t) => t.replace(/\s+/g, ' ').trim());
}

run('originals', async (browser) => {
	const sub = await newPage(browser, PHONE);

	eq('sent with a PDF', await send(sub), 200);
	await sub.context().close();

	const alice = await newPage(browser, DESKTOP);
	const phone = await newPage(browser, PHONE);

	await signIn(alice, 'alice');
	await signIn(phone, 'alice');
	await alice.goto(`${BASE}/moderate`);
	eq('review page opens', await clickAndWait(alice, alice.locator(
	    '.queue-title', { hasText: TITLE })), 200);
	const review = alice.url();
	const id = new URL(review).pathname.split('/').pop();

	check('review: the document is for moderators only', (await text(alice,
	    '.review-side')).includes('Seen by moderators only'));
	const offer = alice.getByRole('button',
	    { name: 'Offer the original for download on the public page' });
	eq('review: one button offers it', await offer.count(), 1);
	await screenshot(alice, 'originals-desktop-01-review');
	await checkAxe(alice, 'review with a document (desktop)');
	await phone.goto(review);
	await screenshot(phone, 'originals-phone-01-review');
	await checkAxe(phone, 'review with a document (phone)');
	await noOverflow(phone, 'review (phone)');

	// Offered, then approved.
	eq('offer: back to the review page', await clickAndWait(alice, offer),
	    200);
	eq('offer: the same page', alice.url(), review);
	check('review: now offered on the public page', (await text(alice,
	    '.review-side')).includes('Offered for download on the public page'));
	eq('review: the button to stop', await alice.getByRole('button',
	    { name: 'Stop offering the original for download' }).count(), 1);
	eq('approve', await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Approve and publish' })), 200);
	await checkAxe(alice, 'review, document offered (desktop)');

	// The public page, on a desktop and a phone.
	const label = 'Download the original (PDF, 40 KB)';
	for (const [page, dev] of [[alice, 'desktop'], [phone, 'phone']]) {
		await page.goto(`${BASE}/s/${id}`);
		const link = page.getByRole('link', { name: label });

		eq(`public page (${dev}) offers the download`,
		    await link.count(), 1);
		eq(`the link (${dev})`, await link.getAttribute('href'),
		    new URL(`${BASE}/s/${id}/original`).pathname);
		check(`the link is visible (${dev})`, await link.isVisible());
		await screenshot(page, `originals-${dev}-02-public`);
		await checkAxe(page, `public statement with its original (${dev})`);
	}
	await noOverflow(phone, 'public statement (phone)');

	// The link downloads the document, under the submitter's name with
	// the extension of its type.
	const [download] = await Promise.all([alice.waitForEvent('download'),
	    alice.getByRole('link', { name: label }).click()]);
	eq('download: the name', download.suggestedFilename(),
	    'Soumission écrite.pdf');
	const dl = await download.path();
	eq('download: the bytes', require('fs').readFileSync(dl).equals(PDF),
	    true);

	// The moderator stops offering it, on the phone.
	await phone.goto(review);
	eq('stop offering (phone)', await clickAndWait(phone, phone.getByRole(
	    'button', { name: 'Stop offering the original for download' })), 200);
	check('review: for moderators only again', (await text(phone,
	    '.review-side')).includes('Seen by moderators only'));
	await checkAxe(phone, 'review after stopping (phone)');
	// A reader who comes now (the page is cached for a minute, like the
	// statement itself after a withdrawal).
	const reader = await newPage(browser, PHONE);
	await reader.goto(`${BASE}/s/${id}`);
	eq('public page: no download any more', await reader.getByRole('link',
	    { name: /Download the original/ }).count(), 0);
	await checkAxe(reader, 'public statement, no original (phone)');
	const gone = await reader.goto(`${BASE}/s/${id}/original`);
	eq('the original: 404', gone.status(), 404);
	await reader.context().close();
	await alice.context().close();
	await phone.context().close();
});
