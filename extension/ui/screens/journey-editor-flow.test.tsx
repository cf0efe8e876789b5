import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { usePanelHarness } from '../testing/panel-harness.tsx';

const panel = usePanelHarness();

const type = (label: string | RegExp, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });

const stepNames = () =>
  within(screen.getByRole('list', { name: 'Steps' }))
    .getAllByRole('listitem')
    .map((li) => li.querySelector('input')?.value);

const openNewJourney = async () => {
  const p = panel();
  p.render();
  fireEvent.click(await screen.findByRole('button', { name: 'New journey' }));
  await screen.findByRole('heading', { level: 1, name: 'New journey' });
  return p;
};

describe('journey editor', () => {
  it('creates a journey with ordered steps and URL patterns, listed at once and editable', async () => {
    const p = await openNewJourney();
    type('Journey name', 'Order a laptop');
    type('Description (optional)', 'Through the hardware shop');
    type('Step 1 name', 'Open the shop');
    fireEvent.click(screen.getByRole('button', { name: 'Add step' }));
    // Focus goes to the new step's name.
    expect(document.activeElement).toBe(screen.getByLabelText('Step 2 name'));
    type('Step 2 name', 'Place the order');
    type('Step 2 URL patterns', 'https://shop.example.com/order/*\nhttps://shop.example.com/cart/*');
    fireEvent.click(screen.getByRole('button', { name: 'Save journey' }));

    await screen.findByText('Saved the journey “Order a laptop”.');
    await screen.findByText('My services · 2 steps');
    const [stored] = await p.db.journeys.toArray();
    expect(stored?.name).toBe('Order a laptop');
    expect(stored?.steps.map((s) => [s.name, s.urlPatterns])).toEqual([
      ['Open the shop', []],
      ['Place the order', ['https://shop.example.com/order/*', 'https://shop.example.com/cart/*']],
    ]);
    screen.getByRole('button', { name: 'Edit Order a laptop' });
  });

  it('shows validation errors beside their fields, focuses the first, and clears each as it is fixed', async () => {
    const p = await openNewJourney();
    type('Step 1 URL patterns', 'portal.example.com/reset');
    // Focus on Save, as a click leaves it (the editor put it on the name field when it opened).
    screen.getByRole('button', { name: 'Save journey' }).focus();
    fireEvent.click(screen.getByRole('button', { name: 'Save journey' }));

    const name = await screen.findByLabelText('Journey name');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (el: HTMLElement) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent)
        .join(' | ');
    expect(describedBy(name)).toBe('Enter a name for the journey.');
    expect(describedBy(screen.getByLabelText('Step 1 name'))).toBe('Enter a name for step 1.');
    expect(describedBy(screen.getByLabelText('Step 1 URL patterns'))).toContain(
      '“portal.example.com/reset” must look like https://host/path*',
    );
    expect(await p.db.journeys.count()).toBe(0);

    type('Journey name', 'Reset a password');
    expect(screen.getByLabelText('Journey name').getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByText('Enter a name for the journey.')).toBeNull();
    screen.getByText('Enter a name for step 1.');
  });

  it('asks for at least one step when every step was removed', async () => {
    await openNewJourney();
    type('Journey name', 'Empty');
    fireEvent.click(screen.getByRole('button', { name: 'Remove step 1' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save journey' }));
    await screen.findByText('Add at least one step.');
  });

  it('reorders steps with buttons, keeping focus on the moved step and announcing the move', async () => {
    await openNewJourney();
    type('Step 1 name', 'A');
    fireEvent.click(screen.getByRole('button', { name: 'Add step' }));
    type('Step 2 name', 'B');
    fireEvent.click(screen.getByRole('button', { name: 'Add step' }));
    type('Step 3 name', 'C');

    fireEvent.click(screen.getByRole('button', { name: 'Move step 3 up' }));
    expect(stepNames()).toEqual(['A', 'C', 'B']);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move step 2 up' })));
    screen.getByText('Moved “C” to position 2 of 3.');

    fireEvent.click(screen.getByRole('button', { name: 'Move step 2 up' }));
    expect(stepNames()).toEqual(['C', 'A', 'B']);
    // At the top, "up" stays focusable but does nothing.
    const up = screen.getByRole('button', { name: 'Move step 1 up' });
    expect(up.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(up);
    expect(stepNames()).toEqual(['C', 'A', 'B']);

    fireEvent.click(screen.getByRole('button', { name: 'Move step 2 down' }));
    expect(stepNames()).toEqual(['C', 'B', 'A']);

    fireEvent.click(screen.getByRole('button', { name: 'Remove step 2' }));
    expect(stepNames()).toEqual(['C', 'A']);
    expect(document.activeElement).toBe(screen.getByLabelText('Step 2 name'));
  });

  it('edits a local journey: same id and step ids, a higher rev, the new order', async () => {
    const p = await openNewJourney();
    type('Journey name', 'Order a laptop');
    type('Step 1 name', 'Open the shop');
    fireEvent.click(screen.getByRole('button', { name: 'Add step' }));
    type('Step 2 name', 'Pay');
    fireEvent.click(screen.getByRole('button', { name: 'Save journey' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Order a laptop' }));
    const [created] = await p.db.journeys.toArray();

    await screen.findByRole('heading', { level: 1, name: 'Edit journey' });
    expect((screen.getByLabelText('Journey name') as HTMLInputElement).value).toBe('Order a laptop');
    type('Journey name', 'Order a new laptop');
    fireEvent.click(screen.getByRole('button', { name: 'Move step 2 up' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save journey' }));
    await screen.findByText('Saved the journey “Order a new laptop”.');

    const [edited] = await p.db.journeys.toArray();
    expect(edited?.id).toBe(created?.id);
    expect(edited?.rev).toBe(2);
    expect(edited?.steps.map((s) => s.id)).toEqual([created?.steps[1]?.id, created?.steps[0]?.id]);
  });

  it('"Cancel" leaves without saving', async () => {
    const p = await openNewJourney();
    type('Journey name', 'Never mind');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await screen.findByRole('heading', { level: 1, name: 'Journey Sampler' });
    expect(await p.db.journeys.count()).toBe(0);
  });
});
