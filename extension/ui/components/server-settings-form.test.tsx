import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { serverUrlSchema } from '../../db/server-url.ts';
import { ServerSettingsForm, type ServerSettingsFormProps } from './server-settings-form.tsx';

const props = (overrides: Partial<ServerSettingsFormProps> = {}): ServerSettingsFormProps => ({
  address: '',
  addressError: null,
  saved: { status: 'unset' },
  onAddressInput: () => {},
  onCheck: () => {},
  onForget: () => {},
  ...overrides,
});

const field = (): HTMLInputElement => {
  const input = screen.getByLabelText('Server address');
  if (!(input instanceof HTMLInputElement)) throw new Error('the label should point at an <input>');
  return input;
};

const button = (name: string): HTMLButtonElement => {
  const found = screen.getByRole('button', { name });
  if (!(found instanceof HTMLButtonElement)) throw new Error(`${name} should be a <button>`);
  return found;
};

const SERVER = serverUrlSchema.parse('http://127.0.0.1:8787');

describe('ServerSettingsForm', () => {
  it('has a labelled address field with a hint, and reports typing', () => {
    const onAddressInput = vi.fn();
    render(<ServerSettingsForm {...props({ onAddressInput })} />);

    const input = field();
    expect(input.getAttribute('aria-invalid')).toBe('false');
    const hint = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toContain('https://journeys.example.com');

    fireEvent.input(input, { target: { value: 'http://127.0.0.1:8787' } });
    expect(onAddressInput).toHaveBeenCalledWith('http://127.0.0.1:8787');
  });

  it('checks on the button and on Enter (form submit), without the browser navigating', () => {
    const onCheck = vi.fn();
    render(<ServerSettingsForm {...props({ onCheck })} />);

    fireEvent.click(button('Check connection'));
    expect(onCheck).toHaveBeenCalledOnce();

    const form = field().form;
    if (!form) throw new Error('the field should be inside the form');
    // fireEvent returns false when the handler called preventDefault(): no page navigation.
    expect(fireEvent.submit(form)).toBe(false);
    expect(onCheck).toHaveBeenCalledTimes(2);
  });

  it('ties the validation message to the field', () => {
    render(
      <ServerSettingsForm
        {...props({ address: 'example.com', addressError: 'Enter an address that starts with http://' })}
      />,
    );

    const input = field();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const described = (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(described).toContain('Enter an address that starts with http://');
  });

  it('offers to forget a saved server, and only then', () => {
    const onForget = vi.fn();
    const { rerender } = render(<ServerSettingsForm {...props({ onForget })} />);
    expect(screen.queryByRole('button', { name: 'Forget this server' })).toBeNull();

    rerender(<ServerSettingsForm {...props({ onForget, saved: { status: 'set', url: SERVER } })} />);
    fireEvent.click(button('Forget this server'));
    expect(onForget).toHaveBeenCalledOnce();
  });
});
