// submit.test.js — a person sends a statement through the public form, on
// a phone and on a desktop: a mistake, the error summary with everything
// kept, a preview, the confirmation, the private status page, a correction
// and the withdrawal. Screenshots of each step go to ARTIFACTS.
'use strict';

const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run } = require('./lib');

// What the person types. The body is Markdown with accents, several
// paragraphs and a list.
function statementFor(tag) {
	return {
		event: 'idm-2024-1',
		session: 'panel-5',
		kind: 'collective',
		title: `Regular pathways for children and youth on the move (${tag})`,
		speaker: 'María José Gutiérrez',
		speaker_role: 'Youth representative',
		organisation: 'Migration Youth & Children Platform',
		on_behalf_of: 'the Civil Society Action Committee',
		cosignatories: 'Alianza Americas, Scalabrini International ' +
		    'Migration Network, NGO Committee on Migration',
		delivered: '2024-05-21',
		language: 'en',
		format: 'markdown',
		body: [
			'Thank you, Madam Chair. I speak on behalf of young ' +
			    'people from São Paulo to Dakar, from Bogotá to ' +
			    'Kraków, who are *already* migrating — often ' +
			    'without any regular pathway at all.',
			'',
			'Regular pathways are not a favour: they are how ' +
			    'States keep children **safe**, together with ' +
			    'their families. We therefore call on Member ' +
			    'States to:',
			'',
			'- expand family reunification for children and ' +
			    'young adults, including siblings;',
			'- open education and work visas that do not depend ' +
			    'on a single employer;',
			'- guarantee access to birth registration and ' +
			    'documents for every child, whatever their status.',
			'',
			'As Zoë, a 17-year-old from Côte d’Ivoire, told us: ' +
			    '“We do not want to be rescued; we want to arrive.”',
			'',
			'We stand ready to work with IOM and with all of you ' +
			    'to make these pathways real. Gracias, merci, ' +
			    'obrigada.',
		].join('\n'),
		submitter_name: 'María José Gutiérrez',
		submitter_email: 'maria.gutierrez@example', // the mistake
	};
}

const TEXT_FIELDS = ['title', 'speaker', 'speaker_role', 'organisation',
    'on_behalf_of', 'cosignatories', 'delivered', 'body', 'submitter_name',
    'submitter_email'];
const SELECTS = ['event', 'session', 'language'];

async function fillForm(page, s) {
	for (const f of SELECTS)
		await page.selectOption(`#${f}`, s[f]);
	await page.check(`#kind-${s.kind}`);
	await page.check(`#format-${s.format}`);
	for (const f of TEXT_FIELDS)
		await page.fill(`#${f}`, s[f]);
}

// Every value of the form is what was typed.
async function checkKept(page, s, when) {
	for (const f of SELECTS.concat(TEXT_FIELDS))
		eq(`${when}: ${f} kept`, await page.inputValue(`#${f}`), s[f]);
	check(`${when}: kind kept`, await page.isChecked(`#kind-${s.kind}`));
	check(`${when}: format kept`,
	    await page.isChecked(`#format-${s.format}`));
}

// The problems in the error summary: each a link to an element of the page
// that exists.
async function summaryLinks(page, when) {
	const links = await page.$$eval('.error-summary-list a', (as) =>
	    as.map((a) => ({ href: a.getAttribute('href'),
	    text: a.textContent.trim(),
	    target: !!document.getElementById(
	    a.getAttribute('href').slice(1)) })));

	for (const l of links)
		check(`${when}: summary link "${l.text}" (${l.href}) points to ` +
		    'a field of the page', l.target);
	return links;
}

async function scenario(browser, name, options) {
	const page = await newPage(browser, options);
	const s = statementFor(name);
	const shot = (step) => screenshot(page, `submit-${name}-${step}`);
	let status;

	// The empty form.
	const resp = await page.goto(`${BASE}/submit`);
	eq(`${name}: form status`, resp.status(), 200);
	check(`${name}: form title`, (await page.title()).startsWith(
	    'Submit a statement'), await page.title());
	eq(`${name}: the one open event is chosen already`,
	    await page.inputValue('#event'), 'idm-2024-1');
	await shot('01-form');
	await checkAxe(page, `${name} submit form`);

	// Filled in, with an invalid e-mail address and consent not given.
	await fillForm(page, s);
	check(`${name}: consent not ticked`, !(await page.isChecked('#consent')));
	await shot('02-filled');
	status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' }));
	eq(`${name}: a form with problems answers 422`, status, 422);
	check(`${name}: page title starts with "Error: "`,
	    (await page.title()).startsWith('Error: '), await page.title());
	const summary = page.locator('.error-summary');
	check(`${name}: the error summary is shown`, await summary.isVisible());
	eq(`${name}: error summary heading`, (await summary.locator('h2')
	    .textContent()).trim(), 'There is a problem');
	eq(`${name}: the error summary is an alert`,
	    await summary.getAttribute('role'), 'alert');
	eq(`${name}: the error summary has the focus`, await page.evaluate(
	    () => document.activeElement.className), 'error-summary');
	const links = await summaryLinks(page, name);
	const hrefs = links.map((l) => l.href);
	check(`${name}: summary links to the e-mail field`,
	    hrefs.includes('#submitter_email'), hrefs);
	check(`${name}: summary links to the consent box`,
	    hrefs.includes('#consent'), hrefs);
	check(`${name}: the e-mail field shows its error`, await page.locator(
	    '#submitter_email-error').isVisible());
	eq(`${name}: the e-mail field is described by its error`,
	    await page.getAttribute('#submitter_email', 'aria-describedby'),
	    'submitter_email-error');
	check(`${name}: the consent box shows its error`, await page.locator(
	    '#consent-error').isVisible());
	await checkKept(page, s, `${name} after the error`);
	check(`${name}: consent still not ticked`,
	    !(await page.isChecked('#consent')));
	await shot('03-error');
	await checkAxe(page, `${name} submit form with errors`);

	// A summary link takes the person to the field.
	const link = summary.getByRole('link', { name: /e-mail/i });
	if (options.hasTouch)
		await link.tap();
	else
		await link.click();
	await page.waitForURL(/#submitter_email$/);
	const at = await page.evaluate(() => {
		const el = document.getElementById('submitter_email');
		const r = el.getBoundingClientRect();

		return { focused: document.activeElement === el,
		    inView: r.top >= 0 && r.bottom <= window.innerHeight };
	});
	check(`${name}: the summary link brings the e-mail field into view`,
	    at.inView, JSON.stringify(at));
	check(`${name}: the summary link focuses the e-mail field`,
	    at.focused, JSON.stringify(at));
	await screenshot(page, `submit-${name}-04-summary-link`, false);

	// Corrected without retyping anything else, then previewed.
	s.submitter_email = 'maria.gutierrez@example.org';
	await page.fill('#submitter_email', s.submitter_email);
	await page.check('#consent');
	status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Preview', exact: true }));
	eq(`${name}: preview status`, status, 200);
	check(`${name}: no error after correcting`,
	    (await page.locator('.error-summary').count()) === 0);
	const preview = page.locator('section.preview');
	check(`${name}: the preview is shown`, await preview.isVisible());
	eq(`${name}: preview title`, (await preview.locator(
	    '.dais-statement-title').textContent()).trim(), s.title);
	eq(`${name}: the Markdown list is rendered`, await preview.locator(
	    '.dais-statement-body li').count(), 3);
	check(`${name}: list item text`, (await preview.locator(
	    '.dais-statement-body li').first().textContent()).includes(
	    'expand family reunification'));
	check(`${name}: emphasis rendered`, (await preview.locator(
	    '.dais-statement-body strong').first().textContent()) === 'safe');
	check(`${name}: accents and quotes kept in the preview`,
	    (await preview.locator('.dais-statement-body').textContent())
	    .includes('Côte d’Ivoire, told us: “We do not want'));
	check(`${name}: the speaker is in the byline`, (await preview.locator(
	    '.dais-byline').textContent()).includes(s.speaker));
	await checkKept(page, s, `${name} after the preview`);
	check(`${name}: consent kept after the preview`,
	    await page.isChecked('#consent'));
	await shot('05-preview');

	// Sent: the confirmation.
	status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' }));
	eq(`${name}: confirmation status`, status, 200);
	check(`${name}: lands on the status page`,
	    /\/status\/[0-9a-f]{40}\?sent=1$/.test(page.url()), page.url());
	eq(`${name}: confirmation heading`, (await page.locator('h1')
	    .textContent()).trim(), 'Statement received');
	const ref = (await page.locator('.panel-body strong').textContent())
	    .trim();
	check(`${name}: a reference is shown`, ref.length >= 4, ref);
	const privateLink = page.locator('.private-link a');
	const href = await privateLink.getAttribute('href');
	check(`${name}: the private link is an absolute address of this site`,
	    href.startsWith(`${BASE}/status/`), href);
	eq(`${name}: the private link shows its address`,
	    (await privateLink.textContent()).trim(), href);
	eq(`${name}: one link, the private one`, await page.locator(
	    'main a[href*="/status/"]').count(), 1);
	check(`${name}: says whether the link was e-mailed`, (await page
	    .locator('#receipt-mail').count()) === 1);
	await shot('06-confirmation');
	await checkAxe(page, `${name} confirmation`);

	// The private link: the status page, with the form to correct it.
	status = await clickAndWait(page, privateLink);
	eq(`${name}: status page status`, status, 200);
	eq(`${name}: status page address`, page.url(), href);
	eq(`${name}: status page heading`, (await page.locator('h1')
	    .textContent()).trim(), s.title);
	eq(`${name}: the correction form holds the text`,
	    await page.inputValue('#body'), s.body);
	await shot('07-status');

	// A correction.
	const fixed = s.body.replace('Thank you, Madam Chair.',
	    'Thank you, Madam Chair, and thank you to the Director-General.');
	await page.fill('#body', fixed);
	status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Preview', exact: true }));
	eq(`${name}: preview of the correction status`, status, 200);
	const corrected = page.locator('section.preview');
	check(`${name}: the preview shows the correction`,
	    (await corrected.count()) === 1 && (await corrected.locator(
	    '.dais-statement-body').textContent()).includes(
	    'thank you to the Director-General'));
	eq(`${name}: the correction is kept in the form after the preview`,
	    await page.inputValue('#body'), fixed);
	// Never shown as saved: "Your statement" keeps the saved text, the
	// preview says it is not saved, and the page opens at the preview.
	check(`${name}: "Your statement" still shows the saved text`,
	    !(await page.locator('.dais-statement-body').first().textContent())
	    .includes('thank you to the Director-General'));
	check(`${name}: the preview says it is not saved yet`, (await corrected
	    .textContent()).includes('Not saved yet'));
	const pvAt = await page.evaluate(() => [document.getElementById(
	    'preview-heading').getBoundingClientRect().top, window.innerHeight,
	    window.scrollY]);
	check(`${name}: the page opens at the preview`, page.url().endsWith(
	    '#preview-heading') && pvAt[0] >= -1 && pvAt[0] < pvAt[1],
	    `${page.url()} top ${pvAt}`);
	await shot('08-correction-preview');
	await checkAxe(page, `${name} status page with a preview`);
	status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Save changes' }));
	eq(`${name}: saved status`, status, 200);
	check(`${name}: back on the status page, saved`,
	    page.url() === `${href}?saved=1`, page.url());
	const notice = page.locator('.notice[role="status"]');
	check(`${name}: "Your changes were saved"`, (await notice.count()) ===
	    1 && (await notice.textContent()).includes('Your changes were saved'));
	check(`${name}: the new text is shown`, (await page.locator(
	    '.dais-statement-body').first().textContent()).includes(
	    'thank you to the Director-General'));
	eq(`${name}: the form holds the new text`,
	    await page.inputValue('#body'), fixed);
	await shot('09-saved');

	// Withdrawn, after "Are you sure?".
	status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Withdraw statement' }));
	eq(`${name}: withdraw asks first`, (await page.locator('h1')
	    .textContent()).trim(), 'Withdraw your statement?');
	status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Yes, withdraw it' }));
	eq(`${name}: withdrawn status`, status, 200);
	eq(`${name}: status is Withdrawn`, (await page.locator('.tag').first()
	    .textContent()).trim(), 'Withdrawn');
	eq(`${name}: no correction form any more`,
	    await page.locator('textarea#body').count(), 0);
	eq(`${name}: no withdraw button any more`, await page.getByRole(
	    'button', { name: 'Withdraw statement' }).count(), 0);
	await shot('10-withdrawn');

	await page.context().close();
}

// The empty form sent as it is: every problem in the summary links to a
// field that exists.
async function emptyForm(browser) {
	const page = await newPage(browser, DESKTOP);

	await page.goto(`${BASE}/submit`);
	const status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' }));
	eq('empty form: 422', status, 422);
	const links = await summaryLinks(page, 'empty form');
	check('empty form: several problems listed', links.length >= 3,
	    JSON.stringify(links));
	await screenshot(page, 'submit-empty-form-errors');
	await checkAxe(page, 'empty form with errors');
	await page.context().close();
}

// "Add a translation" from the private status page, on a phone: a
// mistake (kept, linked from the summary), a preview, then the
// translation's own status page, and the versions on the original's.
async function translation(browser) {
	const page = await newPage(browser, PHONE);
	const s = statementFor('translated');
	let status;

	s.submitter_email = 'maria.gutierrez@example.org';
	await page.goto(`${BASE}/submit`);
	await fillForm(page, s);
	await page.check('#consent');
	status = await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' }));
	eq('translation: the original sent', status, 200);
	const original = page.url().replace(/\?sent=1$/, '');
	await page.goto(original);
	await page.getByRole('heading', { name: 'Add a translation' })
	    .scrollIntoViewIfNeeded();
	await page.selectOption('#tr-language', 'fr');
	const body = 'Merci, Madame la Présidente.\n\nLes voies régulières ' +
	    'ne sont pas une faveur.';
	await page.fill('#tr-body', body);
	status = await clickAndWait(page, page.getByRole('button',
	    { name: 'Send the translation' }));
	eq('translation: no title answers 422', status, 422);
	const links = await summaryLinks(page, 'translation with a mistake');
	check('translation: the summary names the title',
	    links.some((l) => l.href === '#tr-title'), JSON.stringify(links));
	eq('translation: the text is kept', await page.inputValue('#tr-body'),
	    body);
	eq('translation: the language is kept',
	    await page.inputValue('#tr-language'), 'fr');
	await screenshot(page, 'submit-translation-01-error');
	await checkAxe(page, 'status page, translation with a mistake');
	await page.fill('#tr-title', 'Des voies régulières pour les enfants');
	status = await clickAndWait(page, page.getByRole('button',
	    { name: 'Preview the translation' }));
	eq('translation: preview status', status, 200);
	const preview = page.locator('section.preview');
	check('translation: the preview is shown in French',
	    (await preview.count()) === 1 && (await preview.locator(
	    'article').getAttribute('lang')) === 'fr');
	await screenshot(page, 'submit-translation-02-preview');
	await checkAxe(page, 'status page, translation preview');
	status = await clickAndWait(page, page.getByRole('button',
	    { name: 'Send the translation' }));
	eq('translation: sent', status, 200);
	check('translation: its own status page',
	    /\/status\/[0-9a-f]{40}\?sent=1$/.test(page.url()) &&
	    !page.url().startsWith(original), page.url());
	await page.goto(page.url().replace(/\?sent=1$/, ''));
	check('translation: it says what it translates', (await page.locator(
	    '.translation-of').textContent()).includes('Translation of:'));
	await screenshot(page, 'submit-translation-03-sent');
	await checkAxe(page, 'translation status page');
	await page.goto(original);
	const versions = page.locator('ul.versions li');
	eq('translation: two versions on the original\'s page',
	    await versions.count(), 2);
	check('translation: the French one waits for review',
	    (await versions.nth(1).textContent()).includes(
	    'Waiting for review'));
	const w = await page.evaluate(() =>
	    document.documentElement.scrollWidth);
	check('translation: no sideways scrolling at 360 px', w <= 360,
	    String(w));
	await screenshot(page, 'submit-translation-04-versions');
	await checkAxe(page, 'status page with versions');
	// Withdrawn, the original takes its translation with it: the queue
	// the moderation test finds holds only the statements it sends.
	await clickAndWait(page, page.getByRole('button',
	    { name: 'Withdraw statement' }));
	status = await clickAndWait(page, page.getByRole('button',
	    { name: 'Yes, withdraw it' }));
	eq('translation: the original withdrawn', status, 200);
	await page.reload();
	check('translation: the translation withdrawn with it',
	    (await page.locator('ul.versions li').nth(1).textContent())
	    .includes('Withdrawn'));
	await page.context().close();
}

// An event page's "Submit a statement for this event" link, as a
// newsletter or a social network passes it on: the form opens with the
// event and the session chosen, whatever else the link carries.
async function prefilled(browser, name, options) {
	const page = await newPage(browser, options);
	const res = await page.goto(`${BASE}/submit?event=idm-2024-1` +
	    '&session=panel-3&utm_source=newsletter&utm_medium=email' +
	    '&fbclid=IwAR0abc');

	eq(`prefilled (${name}): 200`, res.status(), 200);
	eq(`prefilled (${name}): the event chosen`,
	    await page.inputValue('#event'), 'idm-2024-1');
	eq(`prefilled (${name}): the session chosen`,
	    await page.inputValue('#session'), 'panel-3');
	check(`prefilled (${name}): the session shown by its title`,
	    (await page.locator('#session option:checked').textContent())
	    .includes('Effective community engagement'));
	check(`prefilled (${name}): no error on the page`,
	    await page.locator('.error-summary').count() === 0);
	const w = await page.evaluate(() =>
	    document.documentElement.scrollWidth);
	check(`prefilled (${name}): no sideways scrolling`,
	    w <= options.viewport.width, String(w));
	await screenshot(page, `submit-prefilled-${name}`);
	await checkAxe(page, `prefilled form (${name})`);
	await page.context().close();
}

run('submit', async (browser) => {
	await prefilled(browser, 'phone', PHONE);
	await prefilled(browser, 'desktop', DESKTOP);
	await scenario(browser, 'phone', PHONE);
	await scenario(browser, 'desktop', DESKTOP);
	await emptyForm(browser);
	await translation(browser);
});
