import type { Browser } from 'playwright-core';
import { Role } from '../../../src/auth/roles';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { launchBrowser, PHONE_SCREEN } from '../../support/browser';
import { openConsole, screenshot, signIn } from '../../support/console';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

// A child's file as a village director, education and the auditor use it: the sections the role
// may see and no other, a masked ID number that stays masked, a visit recorded from the file that
// then shows on it, and who viewed the child.
describe("a child's file in the console (real server, real browser)", () => {
  const tmp = tempDir();
  let db: Db;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let origin: string;
  let browser: Browser;
  /** A left-behind child of a village, with an ID number and all three departments' records. */
  let child: { id: string; village: string; idNumber: string; name: string };

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 200, 'console-file');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    server = await startTestServer(db, tmp.dir);
    origin = server.url.replace(/\/$/, '');
    const civil = await server.as(Role.CIVIL_AFFAIRS, '500109');
    const { body } = await civil(`{ children(filter: {flags: [LEFT_BEHIND]}, first: 100) { edges { node { id name areaCode idNumber birthDate sourceRecords { source } } } } }`);
    const found = body.data!.children.edges
      .map((e: { node: any }) => e.node)
      .find((n: any) => n.areaCode?.length === 12 && /^\d{17}[\dX]$/.test(n.idNumber ?? '') && n.sourceRecords.length >= 3 && n.birthDate !== null);
    child = { id: found.id, village: found.areaCode, idNumber: found.idNumber, name: found.name };
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  it('a village director finds the child, reads the whole file with the ID number masked, and records a visit that then shows on it', async () => {
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'VILLAGE_DIRECTOR', child.village, 'director-zhang');
    await page.locator(`[data-testid=children-table] tr[data-child="${child.id}"] a`).click();
    await page.locator(`.child-file[data-child="${child.id}"]`).waitFor();
    for (const section of ['基本信息', '标记', '家庭情况', '监护情况', '救助帮扶', '就学情况', '部门记录', '走访记录']) {
      await expect(page.getByRole('region', { name: section }).count()).resolves.toBe(1);
    }
    // The flag with its rule and evidence.
    const flag = page.locator('#flags li[data-flag=LEFT_BEHIND]');
    expect(await flag.innerText()).toMatch(/留守儿童[\s\S]*依据：/);
    // Masked as the API masks it, and the whole number nowhere on the page.
    const director = await server.as(Role.VILLAGE_DIRECTOR, child.village);
    const api = (await director(`query ($id: ID!) { child(id: $id) { idNumber } }`, { id: child.id })).body.data!.child;
    expect(await page.getByTestId('id-number').innerText()).toBe(api.idNumber);
    expect(api.idNumber).toMatch(/^\d{6}\*{12}$/);
    expect(await page.content()).not.toContain(child.idNumber);
    await screenshot(page, 'child-file');

    // The form says in Chinese what is missing or wrong, and sends nothing until it is right.
    const form = page.getByRole('form', { name: '记录走访' });
    const sentBefore = consolePage.graphqlRequests.length;
    await form.getByRole('button', { name: '保存走访记录' }).click();
    await form.getByText('请填写走访情况').waitFor();
    await form.locator('input[name=visitedOn]').fill('2999-01-01');
    await form.locator('textarea[name=notes]').fill('入户走访，祖母在家照看，学习正常。');
    await form.getByRole('button', { name: '保存走访记录' }).click();
    await form.getByText('走访日期不能晚于今天').waitFor();
    expect(consolePage.graphqlRequests.length).toBe(sentBefore);
    await form.locator('input[name=visitedOn]').fill('2024-03-31');
    await form.getByRole('button', { name: '保存走访记录' }).click();
    await form.getByText('已保存走访记录。').waitFor();
    const visitRow = page.locator('[data-testid=visits] tbody tr', { hasText: '祖母在家照看' });
    await visitRow.waitFor();
    expect(await visitRow.innerText()).toMatch(/2024-03-31[\s\S]*入户走访[\s\S]*director-zhang/);
    const visits = (await director(`query ($id: ID!) { child(id: $id) { visits { visitedOn notes recordedBy kind } } }`, { id: child.id })).body.data!.child.visits;
    expect(visits).toContainEqual({ visitedOn: '2024-03-31', notes: '入户走访，祖母在家照看，学习正常。', recordedBy: 'director-zhang', kind: 'HOME_VISIT' });
    await screenshot(page, 'record-visit');
    expect(consolePage.requests.foreign(origin)).toEqual([]);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it("fits a village director's phone: the file and the visit form, no wider than the screen", async () => {
    const consolePage = await openConsole(browser, origin, PHONE_SCREEN);
    const { page } = consolePage;
    await signIn(page, 'VILLAGE_DIRECTOR', child.village, 'director-zhang');
    await page.goto(`${origin}/#/child/${child.id}`);
    await page.getByRole('form', { name: '记录走访' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_SCREEN.width);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it('education reads identity and schooling only, the ID number masked', async () => {
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'EDUCATION', '500109');
    await page.goto(`${origin}/#/child/${child.id}`);
    await page.locator(`.child-file[data-child="${child.id}"]`).waitFor();
    expect(await page.getByTestId('id-number').innerText()).toMatch(/^\d{6}\*{12}$/);
    for (const hidden of ['家庭情况', '监护情况', '救助帮扶', '走访记录']) expect(await page.getByRole('region', { name: hidden }).count()).toBe(0);
    expect(await page.getByRole('region', { name: '就学情况' }).count()).toBe(1);
    expect(await page.content()).not.toContain(child.idNumber);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it('the auditor sees who viewed the child, and is refused the file itself', async () => {
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'AUDITOR', '500109');
    await page.locator('input[name=child]').fill(child.id);
    await page.getByRole('button', { name: '查询谁查看了该儿童' }).click();
    await page.getByTestId('audit-table').waitFor();
    const subjects = await page.getByTestId('audit-subject').allInnerTexts();
    expect(subjects).toContain('director-zhang');
    expect(subjects).toContain('education-console');
    // Times in China time, 2024-03-31 14:05:09.
    expect(await page.locator('[data-testid=audit-table] tbody tr td').first().innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await screenshot(page, 'audit');
    await page.goto(`${origin}/#/child/${child.id}`);
    await page.getByText('无权访问此页面').waitFor();
    expect(consolePage.graphqlRequests.map((r) => r.operation)).not.toContain('ConsoleChildFile');
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });
});
