import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { Pairing } from '../../db/pairing.ts';
import { readPairing } from '../../db/pairing-setting.ts';
import type { ServerUrl } from '../../db/server-url.ts';
import { useFreshDbs } from '../../db/testing/fresh-db.ts';
import type { RedeemResult } from '../../pairing/pairing-redeem.ts';
import { createOptionsModel, type OptionsDeps } from '../models/options-model.ts';
import { OptionsScreen } from './options-screen.tsx';

const freshDb = useFreshDbs();

const CODE = 'c'.repeat(43);
const LINK = `https://journeys.example.com/pair#code=${CODE}`;
const TOKEN = `jsp_${'t'.repeat(43)}`;

/** The server as the page sees it through its deps; every call is logged in order. */
const fakeServer = (redeem: RedeemResult = { ok: true, token: TOKEN }) => {
  const calls: string[] = [];
  const deps: OptionsDeps = {
    checkConnection: async () => ({ ok: true, store: 'sqlite' }),
    requestServerAccess: (url) => {
      calls.push(`access ${url}`);
      return Promise.resolve(true);
    },
    redeemPairingCode: async (url, code) => {
      calls.push(`redeem ${url} ${code === CODE ? 'the code' : 'another code'}`);
      return redeem;
    },
    verifyToken: async (url: ServerUrl, token: string) => {
      calls.push(`verify ${token === TOKEN ? 'the new token' : 'another token'}`);
      const pairing: Pairing = {
        serverUrl: url,
        token: TOKEN,
        userId: '019b8d62-7a8a-751c-8000-000000000001',
        userName: 'Sam',
        role: 'staff',
        teamId: '019b8d62-7a8a-751c-8000-000000000002',
        teamName: 'Service desk',
      };
      return { ok: true, pairing };
    },
  };
  return { calls, deps };
};

const linkField = (): HTMLInputElement => {
  const field = screen.getByRole('textbox', { name: 'Pair with a link' });
  if (!(field instanceof HTMLInputElement)) throw new Error('the label should name an <input>');
  return field;
};

/** The page's one status line: every answer is said there, replacing the one before. */
const statusLine = (): HTMLElement => {
  const lines = screen.getAllByRole('status');
  expect(lines).toHaveLength(1);
  return lines[0] as HTMLElement;
};

describe('OptionsScreen: the status line', () => {
  it('says an unpaired device keeps its walkthroughs, and shows one answer at a time', async () => {
    const { deps } = fakeServer();
    render(
      <OptionsScreen
        model={createOptionsModel(freshDb(), {
          ...deps,
          checkConnection: async (url) => ({ ok: false, problem: 'unreachable', message: `Could not reach ${url}.` }),
          verifyToken: async () => ({
            ok: false,
            problem: 'refused',
            message: 'The server does not accept this token.',
          }),
        })}
      />,
    );
    await screen.findByText('Not paired: walkthroughs are kept on this device.');

    fireEvent.input(screen.getByRole('textbox', { name: 'Server address' }), {
      target: { value: 'https://journeys.example.com' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Check connection' }));
    await screen.findByText('Could not reach https://journeys.example.com. Not saved.');
    expect(screen.queryByRole('button', { name: 'Forget this server' })).toBeNull();

    fireEvent.input(screen.getByLabelText('Access token'), { target: { value: TOKEN } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await screen.findByText('The server does not accept this token.');
    // The check's complaint is gone: one line, replaced.
    expect(screen.queryByText(/Could not reach/)).toBeNull();
    expect(statusLine().textContent).toBe('Problem: The server does not accept this token.');
  });
});

describe('OptionsScreen: pairing with a link', () => {
  it('asks for the server access inside the Pair click, then redeems, verifies and shows "Connected as …"', async () => {
    const db = freshDb();
    const { calls, deps } = fakeServer();
    render(<OptionsScreen model={createOptionsModel(db, deps)} />);
    fireEvent.input(await screen.findByRole('textbox', { name: 'Pair with a link' }), { target: { value: LINK } });
    fireEvent.click(screen.getByRole('button', { name: 'Pair' }));
    // Synchronously, in the click: the browser shows its prompt only within the user's gesture.
    expect(calls).toEqual(['access https://journeys.example.com']);

    await screen.findByText('Connected as Sam (staff) in Service desk — https://journeys.example.com');
    expect(statusLine().textContent).toBe('Paired.');
    expect(calls).toEqual([
      'access https://journeys.example.com',
      'redeem https://journeys.example.com the code',
      'verify the new token',
    ]);
    // Paired: the link form is gone, the address is filled in, Disconnect is offered.
    expect(screen.queryByRole('textbox', { name: 'Pair with a link' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Server address' })).toHaveProperty(
      'value',
      'https://journeys.example.com',
    );
    expect((await readPairing(db)).status).toBe('paired');

    fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByRole('textbox', { name: 'Pair with a link' })).toHaveProperty('value', '');
  });

  it("shows the server's reason when it refuses the code, and keeps the link for another look", async () => {
    const db = freshDb();
    const refused: RedeemResult = {
      ok: false,
      problem: 'refused',
      message: 'This pairing link has already been used.',
    };
    const { calls, deps } = fakeServer(refused);
    render(<OptionsScreen model={createOptionsModel(db, deps)} />);
    fireEvent.input(await screen.findByRole('textbox', { name: 'Pair with a link' }), { target: { value: LINK } });
    fireEvent.click(screen.getByRole('button', { name: 'Pair' }));
    await screen.findByText('This pairing link has already been used.');
    expect(statusLine().textContent).toBe('Problem: This pairing link has already been used.');
    expect(calls).not.toContain('verify the new token');
    expect(linkField().value).toBe(LINK);
    expect(await readPairing(db)).toEqual({ status: 'unpaired' });

    // Typing again clears the old complaint: the page says where it stands again.
    fireEvent.input(linkField(), { target: { value: '' } });
    expect(statusLine().textContent).toBe('Not paired: walkthroughs are kept on this device.');
  });

  it('explains a pasted text that is not a pairing link without asking for any access', async () => {
    const { calls, deps } = fakeServer();
    render(<OptionsScreen model={createOptionsModel(freshDb(), deps)} />);
    fireEvent.input(await screen.findByRole('textbox', { name: 'Pair with a link' }), {
      target: { value: `jsp_${'t'.repeat(43)}` },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Pair' }));
    await screen.findByText(/That is not a pairing link/);
    expect(statusLine().textContent).toContain('That is not a pairing link');
    expect(calls).toEqual([]);
  });
});
