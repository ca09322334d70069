import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCall, startVideoStack, type VideoStack } from './video-stack';

// A short form pushed during a video call, end to end: the agent picks a template in the console,
// the resident fills it on the kiosk by touch (pinyin keyboard, option buttons, digit keypad), the
// kiosk refuses an incomplete phone number before sending, and the agent sees the answers; a form
// the resident closes shows as cancelled. Every wait is on visible state, never on time.

const SHOTS = 'test-results/screenshots';

describe('video call: a pushed short form', () => {
  let s: VideoStack;
  beforeAll(async () => {
    s = await startVideoStack();
  });
  afterAll(() => s?.close());

  it('is filled by touch on the kiosk and its answers reach the agent', async () => {
    const { kioskPage: kiosk, consolePage: agent } = s;
    await startCall(s);

    // The agent picks 紧急联系人 and pushes it (the button is enabled once the call is live).
    await agent.getByTestId('form-template').selectOption('emergency-contact');
    await agent.getByTestId('push-form').click({ timeout: 15_000 });
    const form = kiosk.locator('[data-testid="pushed-form"][data-template="emergency-contact"]');
    await form.waitFor({ timeout: 15_000 });
    const record = agent.getByTestId('form-record');
    await record.and(agent.locator('[data-status="pushed"]')).waitFor({ timeout: 15_000 });

    // Name by pinyin: W-A-N-G → 王, F-A-N-G → 芳.
    await kiosk.locator('[data-testid="pinyin-pad"][data-ready="yes"]').waitFor({ timeout: 15_000 });
    const type = async (letters: string, char: string) => {
      for (const l of letters) await kiosk.getByTestId(`lkey-${l}`).click();
      await kiosk.getByTestId('pinyin-typed').filter({ hasText: letters }).waitFor();
      await kiosk.getByTestId('candidate').filter({ hasText: char }).click();
    };
    for (const l of 'wang') await kiosk.getByTestId(`lkey-${l}`).click();
    await kiosk.getByTestId('candidate').filter({ hasText: '王' }).waitFor();
    await kiosk.screenshot({ path: `${SHOTS}/kiosk-video-form-pinyin.png` });
    await kiosk.getByTestId('candidate').filter({ hasText: '王' }).click();
    await type('fang', '芳');
    await kiosk.getByTestId('value-name').filter({ hasText: '王芳' }).waitFor();

    // Relationship by option button; the form moves on to the phone number.
    await kiosk.getByTestId('field-relation').click();
    await kiosk.getByTestId('option-child').click();
    await kiosk.locator('[data-testid="field-phone"][aria-pressed="true"]').waitFor();

    // Ten digits are not a mobile number: the kiosk says so and sends nothing.
    for (const d of '1381234567') await kiosk.getByTestId(`fkey-${d}`).click();
    await kiosk.getByTestId('form-send').click();
    await kiosk.locator('[data-testid="field-phone"][data-state="invalid"]').waitFor();
    await kiosk.screenshot({ path: `${SHOTS}/kiosk-video-form.png` });
    expect(await kiosk.getByTestId('field-phone').getByRole('alert').innerText()).toMatch(/11位手机号码/);
    expect(await form.getAttribute('data-state')).toBe('fill');

    await kiosk.getByTestId('fkey-8').click();
    await kiosk.locator('[data-testid="field-phone"][data-state="valid"]').waitFor();
    await kiosk.getByTestId('form-send').click();

    // Central accepted it: the kiosk says sent, the agent reads the answers.
    await kiosk.locator('[data-testid="pushed-form"][data-state="sent"]').waitFor({ timeout: 15_000 });
    const answered = record.and(agent.locator('[data-status="answered"]'));
    await answered.waitFor({ timeout: 15_000 });
    const text = await answered.innerText();
    expect(text).toContain('王芳');
    expect(text).toContain('子女');
    expect(text).toContain('13812345678');
    await answered.screenshot({ path: `${SHOTS}/console-video-form.png` });

    // A form the resident closes shows as cancelled to the agent.
    await agent.getByTestId('form-template').selectOption('household-size');
    await agent.getByTestId('push-form').click();
    await kiosk
      .locator('[data-testid="pushed-form"][data-template="household-size"]')
      .waitFor({ timeout: 15_000 });
    await kiosk.getByTestId('form-cancel').click();
    await agent
      .locator('[data-testid="form-record"][data-template="household-size"][data-status="cancelled"]')
      .waitFor({ timeout: 15_000 });
    await kiosk.getByTestId('pushed-form').waitFor({ state: 'detached' });
    expect(await agent.locator('[data-testid="form-record"][data-status="answered"]').count()).toBe(1);
  });
});
