// moderate.test.js — moderators at work: statements sent through the real
// form, the queue and its filters, a review with an edit and an approval, a
// rejection with a reason, a request for changes, and two moderators acting
// on the same statement (the second sees the conflict page with what he
// tried). Screenshots on a phone and a desktop go to ARTIFACTS.
'use strict';

const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run, signIn } = require('./lib');

const STATEMENTS = [
	{ key: 'edit', session: 'panel-1', kind: 'panel',
	  title: 'Evidence on labour mobility in the Sahel',
	  speaker: 'Fatou Diallo', organisation: 'Scalabrini International ' +
	  'Migration Network', language: 'fr',
	  body: 'Madame la Présidente, les données que nous avons réunies ' +
	  'à Niamey et à Agadez montrent que la mobilité saisonnière est ' +
	  'une stratégie d’adaptation.\n\nNous demandons des voies ' +
	  'régulières fondées sur ces données.' },
	{ key: 'reject', session: 'panel-1', kind: 'intervention',
	  title: 'Data for inclusive policies',
	  speaker: 'John Okafor', organisation: 'Center for Migration Studies',
	  language: 'en',
	  body: 'Thank you, Chair.\n\nWithout disaggregated data, policies ' +
	  'leave migrant women and children out.' },
	{ key: 'changes', session: 'panel-2', kind: 'written',
	  title: 'Innovative solutions for climate mobility', speaker: '',
	  organisation: 'Climate, Migration and Displacement Platform',
	  language: 'en',
	  body: 'Climate change already displaces millions.\n\nWe propose ' +
	  'humanitarian visas and planned relocation with the communities ' +
	  'concerned.' },
	{ key: 'conflict', session: 'panel-4', kind: 'panel',
	  title: 'Diaspora investment and the private sector',
	  speaker: 'Ana Lúcia Ferreira', organisation: 'Alianza Americas',
	  language: 'pt',
	  body: 'Senhora Presidente, as diásporas enviam muito mais do que ' +
	  'remessas.\n\nPedimos parcerias com o setor privado que respeitem ' +
	  'os direitos dos trabalhadores.' },
];

// Sends one statement through the public form; returns its reference.
async function send(page, s) {
	await page.goto(`${BASE}/submit`);
	await page.selectOption('#event', 'idm-2024-1');
	await page.selectOption('#session', s.session);
	await page.check(`#kind-${s.kind}`);
	await page.fill('#title', s.title);
	await page.fill('#speaker', s.speaker);
	await page.fill('#organisation', s.organisation);
	await page.selectOption('#language', s.language);
	await page.check('#format-text');
	await page.fill('#body', s.body);
	await page.fill('#submitter_name', 'Coordinator');
	await page.fill('#submitter_email', `${s.key}@example.org`);
	await page.check('#consent');
	const status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' }));
	eq(`sent "${s.title}"`, status, 200);
	return (await page.locator('.panel-body strong').textContent()).trim();
}

// The titles listed in the queue shown.
function queueTitles(page) {
	return page.$$eval('.queue-title', (as) =>
	    as.map((a) => a.textContent.trim()));
}

// The count on the tab of a state.
async function tabCount(page, state) {
	const t = page.locator(`.tab[href*="state=${state}&"]`);

	return Number((await t.locator('.tab-count').textContent()).trim());
}

async function tagText(page) {
	return (await page.locator('main .tag').first().textContent()).trim();
}

async function openFromQueue(page, title) {
	await page.goto(`${BASE}/moderate`);
	return clickAndWait(page, page.locator('.queue-title',
	    { hasText: title }));
}

run('moderate', async (browser) => {
	const pub = await newPage(browser, DESKTOP);

	for (const s of STATEMENTS)
		check(`"${s.title}" has a reference`, (await send(pub, s)).length
		    > 0);
	await pub.context().close();
	const byKey = Object.fromEntries(STATEMENTS.map((s) => [s.key, s]));

	// Alice signs in, on a desktop and on her phone.
	const alice = await newPage(browser, DESKTOP);
	const alicePhone = await newPage(browser, PHONE);
	await signIn(alice, 'alice');
	await signIn(alicePhone, 'alice');

	// The queue: the pending statements.
	eq('queue heading', (await alice.locator('h1').textContent())
	    .replace(/\s+/g, ' ').trim(), 'Statements: Waiting for review (4)');
	const titles = await queueTitles(alice);
	for (const s of STATEMENTS)
		check(`queue lists "${s.title}"`, titles.includes(s.title), titles);
	eq('queue lists the pending ones only', titles.length, 4);
	eq('pending tab count', await tabCount(alice, 'pending'), 4);
	await screenshot(alice, 'moderate-desktop-01-queue');
	await checkAxe(alice, 'queue (desktop)');
	await screenshot(alicePhone, 'moderate-phone-01-queue');
	await checkAxe(alicePhone, 'queue (phone)');

	// Filtered by event, then by one of its sessions.
	await alice.selectOption('#f-event', 'idm-2024-1');
	await clickAndWait(alice, alice.getByRole('button', { name: 'Filter' }));
	eq('event filter keeps all four', (await queueTitles(alice)).length, 4);
	await alice.selectOption('#f-session', 'idm-2024-1/panel-1');
	await clickAndWait(alice, alice.getByRole('button', { name: 'Filter' }));
	const filtered = (await queueTitles(alice)).sort();
	eq('session filter: the statements of panel 1', JSON.stringify(filtered),
	    JSON.stringify([byKey.edit.title, byKey.reject.title].sort()));
	eq('session filter: the choice stays selected',
	    await alice.inputValue('#f-session'), 'idm-2024-1/panel-1');
	eq('session filter: the tab counts follow',
	    await tabCount(alice, 'pending'), 2);
	await screenshot(alice, 'moderate-desktop-02-queue-filtered');
	await checkAxe(alice, 'queue filtered');

	// Opened, edited and approved.
	const s1 = byKey.edit;
	let status = await clickAndWait(alice, alice.locator('.queue-title',
	    { hasText: s1.title }));
	eq('review page status', status, 200);
	eq('review heading', (await alice.locator('h1').textContent()).trim(),
	    s1.title);
	eq('review: waiting', await tagText(alice), 'Waiting for review');
	check('review: the statement as it will be published', (await alice
	    .locator('.published-preview').textContent()).includes('Niamey'));
	await screenshot(alice, 'moderate-desktop-03-review');
	await checkAxe(alice, 'review (desktop)');
	await alicePhone.goto(alice.url());
	await screenshot(alicePhone, 'moderate-phone-03-review');
	await checkAxe(alicePhone, 'review (phone)');

	check('the edit form is closed at first',
	    !(await alice.locator('#title').isVisible()));
	await alice.locator('details.edit > summary').click();
	check('the edit form opens', await alice.locator('#title').isVisible());
	eq('the edit form holds the title', await alice.inputValue('#title'),
	    s1.title);
	eq('the edit form holds the text', await alice.inputValue('#body'),
	    s1.body);
	await screenshot(alice, 'moderate-desktop-04-edit');
	await checkAxe(alice, 'review with the edit form open');
	const newTitle = 'Evidence on seasonal labour mobility in the Sahel';
	await alice.fill('#title', newTitle);
	status = await clickAndWait(alice, alice.locator('details.edit')
	    .getByRole('button', { name: 'Save changes' }));
	eq('edit saved', status, 200);
	eq('review heading shows the new title', (await alice.locator('h1')
	    .textContent()).trim(), newTitle);
	const diff = alice.locator('.diff-title');
	check('history shows the title change', (await diff.count()) === 1 &&
	    (await diff.locator('del').textContent()) === s1.title &&
	    (await diff.locator('ins').textContent()) === newTitle);
	eq('still waiting after the edit', await tagText(alice),
	    'Waiting for review');
	status = await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Approve and publish' }));
	eq('approve status', status, 200);
	eq('approved: published', await tagText(alice), 'Published');
	check('the decision is listed', (await alice.locator('.audit')
	    .textContent()).includes('alice'));
	await screenshot(alice, 'moderate-desktop-05-approved');

	// Rejected with a reason.
	const s2 = byKey.reject;
	await openFromQueue(alice, s2.title);
	const reason = 'Sent twice: the same statement was already published ' +
	    'for panel 1.';
	await alice.fill('#reason-reject', reason);
	status = await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Reject', exact: true }));
	eq('reject status', status, 200);
	eq('rejected: not published', await tagText(alice), 'Not published');
	check('the reason is in the decisions', (await alice.locator('.audit')
	    .textContent()).includes(reason));

	// A rejection without a reason is refused, with the field linked.
	const s3 = byKey.changes;
	await openFromQueue(alice, s3.title);
	status = await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Request changes' }));
	eq('request changes without a reason: 422', status, 422);
	const links = await alice.$$eval('.error-summary-list a', (as) =>
	    as.map((a) => ({ href: a.getAttribute('href'),
	    target: !!document.getElementById(a.getAttribute('href')
	    .slice(1)) })));
	check('the summary links to the reason field', links.length === 1 &&
	    links[0].href === '#reason-request_changes' && links[0].target,
	    JSON.stringify(links));
	await screenshot(alice, 'moderate-desktop-06-reason-missing');
	await checkAxe(alice, 'review with a missing reason');

	// Changes requested.
	const ask = 'Please add the name of the person who delivered it and ' +
	    'the full list of co-signatories.';
	await alice.fill('#reason-request_changes', ask);
	status = await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Request changes' }));
	eq('request changes status', status, 200);
	eq('changes requested', await tagText(alice), 'Changes requested');
	check('the request is in the decisions', (await alice.locator('.audit')
	    .textContent()).includes(ask));

	// Two moderators on the same statement, Bob on his phone.
	const s4 = byKey.conflict;
	const bob = await newPage(browser, PHONE);
	await signIn(bob, 'bob');
	await openFromQueue(alice, s4.title);
	await openFromQueue(bob, s4.title);
	const url = alice.url();
	eq('both look at the same statement', bob.url(), url);
	status = await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Approve and publish' }));
	eq('alice approves', await tagText(alice), 'Published');
	const bobReason = 'Off-topic: this belongs to the side meeting, not ' +
	    'to panel 4.';
	await bob.fill('#reason-reject', bobReason);
	status = await clickAndWait(bob, bob.getByRole('button',
	    { name: 'Reject', exact: true }));
	eq('bob: the conflict answers 409', status, 409);
	const conflict = bob.locator('.conflict');
	check('bob sees the conflict', (await conflict.count()) === 1 &&
	    (await conflict.locator('h2').textContent()).includes(
	    'changed while you were looking at it'));
	check('bob\'s reason is on the conflict page', (await conflict
	    .textContent()).includes(bobReason));
	check('the page says what bob tried', (await conflict.locator('strong')
	    .first().textContent()).trim().length > 0);
	eq('the statement is shown as it is now', await tagText(bob),
	    'Published');
	check('bob\'s rejection was not applied', !(await bob.locator('.audit')
	    .textContent()).includes(bobReason));
	await screenshot(bob, 'moderate-phone-07-conflict');
	await checkAxe(bob, 'conflict page');

	// The queue afterwards.
	await alice.goto(`${BASE}/moderate`);
	eq('nothing left waiting', await tabCount(alice, 'pending'),
	    0);
	eq('one with changes requested', await tabCount(alice,
	    'changes_requested'), 1);
	eq('two published', await tabCount(alice, 'approved'), 2);
	check('the empty queue says so', (await alice.locator('main')
	    .textContent()).includes('No statements here.'));
	await screenshot(alice, 'moderate-desktop-08-queue-after');
	await alicePhone.goto(`${BASE}/moderate?state=changes_requested`);
	eq('the phone shows the same queue', (await queueTitles(alicePhone))
	    .join(), s3.title);
	await screenshot(alicePhone, 'moderate-phone-08-queue-changes');

	// The admin area and the audit log, for alice (an admin).
	for (const [page, where] of [[alice, 'desktop'], [alicePhone, 'phone']]) {
		const resp = await page.goto(`${BASE}/admin`);

		eq(`admin page (${where}): 200`, resp.status(), 200);
		await checkAxe(page, `admin page (${where})`);
		await screenshot(page, `moderate-${where}-09-admin`, where ===
		    'desktop');
	}
	await alice.goto(`${BASE}/moderate/log`);
	check('the log lists the decisions', (await alice.locator('main')
	    .textContent()).includes('Approved'));
	await checkAxe(alice, 'audit log');
	await screenshot(alice, 'moderate-desktop-10-log');
});
