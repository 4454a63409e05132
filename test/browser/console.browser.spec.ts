import { eventually } from '@cls/kafka/testing';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { directAwardRoute, kpiName, needsAssessment, specification, startStack, type Stack } from '../e2e/fixtures';
import { callerFor, expectStatus, lastDayOfTerm, type Caller } from '../e2e/http';
import { startApp, stopApp, type RunningApp } from '../e2e/processes';
import { checkPage, consoleUrl, heading, issuer, launchChromium, newContext, shows, signIn, untilVisible, visible } from './console-browser';

const council = 'somerset-council';
const brightcare = { organisation: 'brightcare-homecare', name: 'BrightCare Homecare Ltd' };
const meadowview = { organisation: 'meadowview-living', name: 'Meadowview Living' };

interface Seeded {
  contractId: string;
  title: string;
}

interface Monitoring {
  returns: { periodId: string; submittableFrom: string; dueDate: string }[];
}

/**
 * The console in Chromium against every process and the development Keycloak: people sign in with their passwords
 * at Keycloak and do their work in the browser. Temporal is the time-skipping test server, so that the suite can move
 * the contracts' clock on to their first return and past its due date. Contracts are set up over the API with
 * development tokens naming the realm's organisations (the API takes both kinds of token, as `npm run start` runs it).
 */
describe('the web console in a browser (Keycloak, Chromium, every process)', () => {
  let stack: Stack;
  let web: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** A contract supplied by BrightCare for each run (JavaScript on, off), and one supplied by Meadowview. */
  const returnsContract: Record<'on' | 'off', Seeded> = { on: { contractId: '', title: '' }, off: { contractId: '', title: '' } };
  let otherProviders: Seeded;
  /** A commission awaiting its award for each run, awarded in the browser. */
  const toAward: Record<'on' | 'off', Seeded> = { on: { contractId: '', title: '' }, off: { contractId: '', title: '' } };
  let manager: Caller;
  let firstReturn: Monitoring['returns'][number];

  const person = (id: string, role: Parameters<typeof callerFor>[1]['role'], organisation = council) => callerFor(stack.apiUrl, { id, role, organisation }, stack.auth);

  /** A commission whose need, route (a direct award below threshold) and specification are decided: next, the award. */
  const awaitingAward = async (title: string): Promise<Seeded> => {
    const commissioner = await person('somerset-commissioner', 'commissioner');
    const { contractId } = await expectStatus<{ contractId: string }>(commissioner.post('/contracts', { title, reason: 'The current contract ends in March' }), 201);
    const path = (rest: string) => `/contracts/${contractId}/${rest}`;
    await expectStatus(commissioner.post(path('needs-assessment'), needsAssessment), 200);
    await expectStatus(commissioner.post(path('route-decision'), directAwardRoute), 200);
    await expectStatus(commissioner.post(path('specification'), specification()), 200);
    return { contractId, title };
  };

  /** A below-threshold direct award taken to Active, its one KPI with bands that rate 40% inadequate. */
  const activeContract = async (title: string, supplier: { organisation: string; name: string }): Promise<Seeded> => {
    const [commissioner, budgetHolder, provider] = await Promise.all([
      person('somerset-commissioner', 'commissioner'),
      person('somerset-budget-holder', 'budget-holder'),
      person(`${supplier.organisation}-director`, 'provider', supplier.organisation),
    ]);
    const { contractId } = await awaitingAward(title);
    const path = (rest: string) => `/contracts/${contractId}/${rest}`;
    await expectStatus(commissioner.post(path('award'), { supplier, valuePence: 1_800_000, note: 'The only provider with capacity in the area' }), 200);
    // The state is read back, never taken from a command's answer.
    const awarded = await expectStatus<{ state: { award?: { awardedAt: string } } }>(commissioner.get(`/contracts/${contractId}`), 200);
    const startDate = awarded.state.award?.awardedAt.slice(0, 10) ?? '';
    await expectStatus(
      manager.post(path('contract'), {
        terms: { reference: `SCC/${contractId.slice(0, 8)}`, summary: 'Standard terms for care services' },
        startDate,
        endDate: lastDayOfTerm(startDate, 3),
        valuePence: 1_800_000,
        terminationTerms: { grounds: [{ ground: 'convenience', notice: { length: 3, unit: 'months' } }] },
        kpiBands: { [kpiName]: { direction: 'higher-is-better', good: 60, approachingTarget: 55, requiresImprovement: 50 } },
      }),
      200,
    );
    await expectStatus(budgetHolder.post(path('authorisation'), { authoriser: directAwardRoute.authoriser }), 200);
    await expectStatus(provider.post(path('signatures'), { party: 'provider', signatory: { name: 'Sam Hill', position: 'Director' } }), 200);
    await expectStatus(commissioner.post(path('signatures'), { party: 'authority', signatory: { name: 'Erin Cole', position: 'Head of Commissioning' } }), 200);
    await expectStatus(manager.post(path('master-copy'), { reference: 'EDRMS/2026/031', distribution: [{ name: 'Sam Hill', organisation: supplier.organisation }] }), 200);
    await expectStatus(manager.post(path('mobilisation'), { planSummary: 'Recruit staff and take first referrals' }), 200);
    await expectStatus(manager.post(path('activation'), { note: 'Mobilisation checklist signed off' }), 200);
    return { contractId, title };
  };

  /** Moves the workflows' clock on to mid-morning of `date`: the contracts' timers fire on the way. */
  const moveClockTo = async (date: string): Promise<void> => {
    const clock = stack.clock;
    if (!clock) throw new Error('the stack has no clock to move');
    await clock.sleep(Date.parse(`${date}T10:00:00.000Z`) - (await clock.currentTimeMs()));
  };

  const dayAfter = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    await eventually(
      async () => {
        if (!(await fetch(`${issuer}/.well-known/openid-configuration`)).ok) throw new Error('realm not served yet');
      },
      { timeoutMs: 300_000, intervalMs: 1000 },
    ).catch((error: unknown) => {
      throw new Error(`No Keycloak realm at ${issuer} (${(error as Error).message}): start it with \`bash infra/scripts/up.sh keycloak\` (npm test does)`);
    });
    stack = await startStack({ readModels: true, timeSkipping: true, env: { AUTH_OIDC_ISSUER: issuer } });
    manager = await person('somerset-contract-manager', 'contract-manager');
    [returnsContract.on, returnsContract.off, otherProviders, toAward.on, toAward.off] = await Promise.all([
      activeContract('Home care, Taunton Deane', brightcare),
      activeContract('Home care, Sedgemoor', brightcare),
      activeContract('Day opportunities, Yeovil', meadowview),
      awaitingAward('Short breaks, Minehead'),
      awaitingAward('Short breaks, Watchet'),
    ]);
    const monitoring = await expectStatus<Monitoring>(manager.get(`/contracts/${returnsContract.on.contractId}/monitoring`), 200);
    const [first] = monitoring.returns;
    if (!first) throw new Error('the contract has no returns');
    firstReturn = first;
    // The first quarter has ended and its return's reminder has gone out (a week before it is due): the return can be
    // submitted, is not yet due, and the workflows' clock, which reads answer by, stands on that day.
    await moveClockTo(dayAfter(first.dueDate, -7));

    web = startApp('web', {
      AUTH_OIDC_ISSUER: issuer,
      WEB_API_URL: stack.apiUrl,
      WEB_REPORTING_URL: stack.reportingUrl ?? '',
      WEB_PUBLIC_URL: consoleUrl,
      PORT: new URL(consoleUrl).port,
      WEB_SESSION_SECRET: randomBytes(32).toString('hex'),
      // A line per page in .data/logs/e2e/web.log: what a failed journey asked for, and what it was answered.
      LOG_LEVEL: 'info',
    });
    await eventually(
      async () => {
        if (web.child.exitCode !== null) throw new Error(`the console exited:\n${web.output()}`);
        if ((await fetch(`${consoleUrl}/health`)).status !== 200) throw new Error('the console is not answering yet');
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    browser = await launchChromium();
  }, 900_000);

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    if (web) await stopApp(web);
    await stack?.stop();
  }, 120_000);

  const context = async (javaScriptEnabled: boolean): Promise<BrowserContext> => {
    const opened = await newContext(browser, javaScriptEnabled);
    contexts.push(opened);
    return opened;
  };

  describe.each([
    ['on', true],
    ['off', false],
  ] as const)('with JavaScript %s', (mode, javaScriptEnabled) => {
    it('signs each kind of user in through Keycloak to the page their role starts on, and signing out ends the session', async () => {
      const firstPages = [
        ['somerset-contract-manager', 'Work queue'],
        ['somerset-commissioner', 'Work queue'],
        ['somerset-lead-professional', 'Work queue'],
        ['brightcare-provider', 'Your contracts'],
        ['somerset-governance', 'Governance'],
        ['icb-finance', 'Contract register'],
        ['somerset-visitor', 'You cannot use this service'],
      ] as const;
      for (const [username, title] of firstPages) {
        const page = await signIn(await context(javaScriptEnabled), username);
        await shows(heading(page), title);
        await checkPage(page, `first-page.${username}`, javaScriptEnabled);
        if (username === 'somerset-visitor') continue;
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL(`${consoleUrl}/signed-out`);
        await shows(heading(page), 'You have signed out');
        await checkPage(page, 'signed-out', javaScriptEnabled);
        // Keycloak's session ended too: the console's pages ask for the password again.
        await page.goto(`${consoleUrl}/register`);
        await page.waitForURL((url) => url.href.startsWith(issuer));
        await visible(page.locator('#kc-login'));
      }
    }, 300_000);

    it('lets a provider submit a return and comment on its assessment, and a contract manager then sees the rating change with its reasons', async () => {
      const { contractId, title } = returnsContract[mode];
      const provider = await signIn(await context(javaScriptEnabled), 'brightcare-provider');
      await untilVisible(provider, provider.getByRole('link', { name: title, exact: true }));
      await checkPage(provider, 'provider-portal', javaScriptEnabled);
      await provider.getByRole('link', { name: title, exact: true }).first().click();
      await shows(heading(provider), title);
      await provider.getByRole('link', { name: /^Submit the return for/ }).first().click();
      await shows(heading(provider), 'Submit a return');
      expect(await provider.getByRole('radio').first().isChecked()).toBe(true);
      await provider.getByLabel(`${kpiName} (%)`).fill('40');
      await provider.getByLabel('Evidence (optional)').fill('returns/q1.xlsx');
      await checkPage(provider, 'submit-return', javaScriptEnabled);
      await provider.getByRole('button', { name: 'Submit the return' }).click();
      await visible(provider.getByText('Your return is submitted.'));
      await shows(provider.locator('#kpis ~ table').first(), 'Inadequate');
      // Within its window the provider may say the assessment is wrong.
      await provider.getByRole('link', { name: /^Comment on the assessment of/ }).first().click();
      await provider.getByLabel('Your comment on the accuracy of the assessment').fill('Two tenancies began the day after the period ended');
      await checkPage(provider, 'assessment-comment', javaScriptEnabled);
      await provider.getByRole('button', { name: 'Send the comment' }).click();
      await visible(provider.getByText('Your comment is recorded.'));
      await shows(provider.locator('#kpis ~ table').first(), 'Commented');

      const staff = await signIn(await context(javaScriptEnabled), 'somerset-contract-manager');
      await staff.goto(`${consoleUrl}/contracts/${contractId}`);
      await shows(staff.getByTestId('risk-rating'), 'Amber');
      await shows(staff.getByTestId('risk-reasons'), '1 recent KPI rating inadequate');
      await shows(staff.getByTestId('timeline'), 'Return submitted');
      await shows(staff.getByTestId('timeline'), 'brightcare-provider');
      // The rating's history comes from the read model, a moment behind the record.
      await untilVisible(staff, staff.locator('#risk ~ table').getByText('1 recent KPI rating inadequate'));
      await checkPage(staff, 'contract-page', javaScriptEnabled);
      await staff.goto(`${consoleUrl}/work-queue`);
      await untilVisible(staff, staff.locator('#at-risk ~ table').getByRole('link', { name: title, exact: true }));
      await checkPage(staff, 'work-queue', javaScriptEnabled);
    }, 300_000);

    it('keeps a provider to its own contracts', async () => {
      const page = await signIn(await context(javaScriptEnabled), 'meadowview-provider');
      await untilVisible(page, page.getByRole('link', { name: otherProviders.title, exact: true }));
      expect(await page.getByRole('link', { name: returnsContract[mode].title, exact: true }).count()).toBe(0);
      const response = await page.goto(`${consoleUrl}/contracts/${returnsContract[mode].contractId}`);
      expect(response?.status()).toBe(404);
      await shows(heading(page), 'Page not found');
      await checkPage(page, 'not-found', javaScriptEnabled);
      const refused = await page.goto(`${consoleUrl}/contracts/${returnsContract[mode].contractId}/returns/new`);
      expect(refused?.status()).toBe(404);
      const governance = await page.goto(`${consoleUrl}/governance`);
      expect(governance?.status()).toBe(403);
      await shows(heading(page), 'You cannot open this page');
    }, 300_000);

    it('shows a refused command as a GOV.UK error summary linked to the fields, and takes it once corrected', async () => {
      const { contractId } = returnsContract[mode];
      const page = await signIn(await context(javaScriptEnabled), 'somerset-lead-professional');
      await page.goto(`${consoleUrl}/contracts/${contractId}/concerns/new`);
      await shows(heading(page), 'Log a concern or complaint');
      await page.getByLabel('Day it was received').fill('');
      await page.getByRole('button', { name: 'Log the concern' }).click();
      const summary = page.locator('.govuk-error-summary');
      await shows(summary, 'There is a problem');
      for (const field of ['receivedOn', 'summary', 'category']) {
        await visible(summary.locator(`a[href="#${field}"]`));
        await visible(page.locator(`#${field}-error`));
      }
      expect(await page.title()).toMatch(/^Error: /);
      await checkPage(page, 'form-errors', javaScriptEnabled);
      await summary.locator('a[href="#summary"]').click();
      // GOV.UK Frontend moves focus to the field; without JavaScript the browser scrolls to it.
      if (javaScriptEnabled) await page.waitForFunction("document.activeElement !== null && document.activeElement.id === 'summary'");

      await page.getByLabel('Day it was received').fill(firstReturn.submittableFrom);
      // One of the monitoring policy's categories: any other is the decider's refusal.
      await page.getByLabel('Category').fill('communication');
      await page.getByLabel('Low').check();
      await page.getByLabel('What happened').fill('Family not told of a change of carer');
      await page.getByLabel('Investigate').check();
      await page.getByRole('button', { name: 'Log the concern' }).click();
      await visible(page.getByText('The concern is logged.'));
      await shows(page.locator('#concerns ~ table').first(), 'communication');
    }, 300_000);
  });

  describe('once a return is overdue and escalated', () => {
    beforeAll(async () => {
      // Past the return's due date and the policy's 14 days: Meadowview's return, never submitted, escalates.
      await moveClockTo(dayAfter(firstReturn.dueDate, 16));
    }, 300_000);

    it.each([
      ['on', true],
      ['off', false],
    ] as const)('lets a governance user filter the escalations, download them as CSV, see a contract as of a day and verify the chains (JavaScript %s)', async (mode, javaScriptEnabled) => {
      const page = await signIn(await context(javaScriptEnabled), 'somerset-governance');
      await shows(heading(page), 'Governance');
      await page.getByLabel('View').selectOption('escalations');
      await page.getByLabel('From').fill(firstReturn.dueDate);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const rows = page.getByTestId('governance-events');
      await untilVisible(page, rows.getByText(`contract-${otherProviders.contractId}`));
      await shows(rows, 'Escalation raised');
      expect(await rows.innerText()).not.toContain(returnsContract.on.contractId);
      await checkPage(page, 'governance', javaScriptEnabled);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('escalations.csv');
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv).toContain('EscalationRaised');
      expect(csv).toContain(otherProviders.contractId);

      // Narrowed to BrightCare's processes, Meadowview's escalation is gone.
      await page.getByLabel('Provider organisation').fill(brightcare.organisation);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await shows(page.locator('h2').filter({ hasText: 'Escalations' }), 'Escalations');
      expect(await page.locator('main').innerText()).not.toContain(otherProviders.contractId);
      expect(page.url()).toContain(`provider=${brightcare.organisation}`);

      await page.getByLabel('From').fill('not a day');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await visible(page.locator('.govuk-error-summary a[href="#from"]'));

      await page.goto(`${consoleUrl}/governance/as-of`);
      await page.getByLabel('Contract id').fill(otherProviders.contractId);
      // By when things happened: the clock the suite moved is the workflows', not the database's.
      await page.getByLabel('As of').fill(firstReturn.submittableFrom);
      await page.getByLabel('When it happened').check();
      await page.getByRole('button', { name: 'Show' }).click();
      await shows(page.getByTestId('as-of-history'), 'Contract activated');
      expect(await page.getByTestId('as-of-history').innerText()).not.toContain('Escalation raised');
      await checkPage(page, 'as-of', javaScriptEnabled);

      await page.goto(`${consoleUrl}/governance/verify`);
      await shows(page.locator('.govuk-summary-list'), 'Intact');
      await checkPage(page, `verify.${mode}`, javaScriptEnabled);
    }, 300_000);

    it.each([
      ['on', true],
      ['off', false],
    ] as const)('lets a commissioner take the next procurement step, a direct award, from what happens next (JavaScript %s)', async (mode, javaScriptEnabled) => {
      const { contractId, title } = toAward[mode];
      const page = await signIn(await context(javaScriptEnabled), 'somerset-commissioner');
      await page.goto(`${consoleUrl}/contracts/${contractId}`);
      await shows(heading(page), title);
      await shows(page.locator('#next ~ table').first(), 'Award directly');
      await page.getByRole('link', { name: 'Award directly', exact: true }).click();
      await shows(heading(page), 'Award the contract directly');
      await page.getByLabel('Supplier’s organisation id').fill(brightcare.organisation);
      await page.getByLabel('Supplier’s name').fill(brightcare.name);
      await page.getByLabel('Value of the initial term').fill('18,000');
      await checkPage(page, 'direct-award', javaScriptEnabled);
      await page.getByRole('button', { name: 'Award the contract' }).click();
      await visible(page.getByText('The contract is awarded.'));
      await shows(page.locator('.govuk-summary-list').first(), 'Contract issue');
      await shows(page.locator('.govuk-summary-list').first(), brightcare.name);
      await shows(page.locator('.govuk-summary-list').first(), '£18,000.00');
    }, 300_000);

    it.each([
      ['on', true],
      ['off', false],
    ] as const)('lets a contract manager find a contract in the register by stage, and ask for its termination, review the supply impact and give notice (JavaScript %s)', async (mode, javaScriptEnabled) => {
      const { contractId, title } = returnsContract[mode];
      const page = await signIn(await context(javaScriptEnabled), 'somerset-contract-manager');
      await page.getByRole('link', { name: 'Register', exact: true }).click();
      await page.getByLabel('Stage').selectOption('active');
      await page.getByRole('button', { name: 'Apply filter' }).click();
      expect(page.url()).toContain('stage=active');
      await shows(page.getByTestId('register'), title);
      expect(await page.getByTestId('register').innerText()).not.toContain(toAward[mode].title);
      await checkPage(page, 'register', javaScriptEnabled);

      await page.getByRole('link', { name: title, exact: true }).click();
      await page.getByRole('link', { name: 'Ask for termination' }).click();
      await page.getByLabel('convenience').check();
      await page.getByLabel('Why the contract should end').fill('The service is to be brought in house');
      await page.getByRole('button', { name: 'Ask for termination' }).click();
      await visible(page.getByText('Termination is requested.'));
      await page.getByRole('link', { name: 'Review the supply impact of termination' }).click();
      await page.getByLabel('Yes').check();
      await page.getByLabel('Findings').fill('The in-house team takes every placement');
      await page.getByRole('button', { name: 'Record the review' }).click();
      await visible(page.getByText('The supply impact review is recorded.'));
      await page.getByRole('link', { name: 'Give notice of termination' }).click();
      await shows(heading(page), 'Give written notice of termination');
      // The ground asked for is chosen already.
      expect(await page.getByLabel('convenience').isChecked()).toBe(true);
      await page.getByLabel('Reference of the written notice').fill(`LTR/2027/${mode}`);
      await page.getByLabel('Decommission').check();
      await page.getByLabel('Reason for the record (optional)').fill('Notice under clause 32');
      await checkPage(page, 'termination-notice', javaScriptEnabled);
      await page.getByRole('button', { name: 'Give notice' }).click();
      await visible(page.getByText('Notice is given.'));
      await shows(page.locator('.govuk-warning-text'), 'Notice was given on');
      await shows(page.getByTestId('timeline'), 'Termination notice given');
      await shows(page.getByTestId('timeline'), 'Notice under clause 32');
      await shows(page.getByTestId('timeline'), 'The service is to be brought in house');
      expect(page.url()).toContain(`/contracts/${contractId}`);
    }, 300_000);
  });
});
