import { browser } from 'wxt/browser';
import type { CommandName } from '../messaging/commands.ts';

/**
 * The shortcut the sampler has for a command, as the browser shows it (e.g. "Alt+Shift+M"), or null when
 * none is set (the suggested key was taken by another extension, or the sampler removed it).
 */
export const commandShortcut = async (name: CommandName): Promise<string | null> => {
  try {
    const commands = await browser.commands.getAll();
    return commands.find((command) => command.name === name)?.shortcut || null;
  } catch {
    return null;
  }
};

export const onCommand = (listener: (name: string) => void): void => {
  browser.commands.onCommand.addListener((name) => listener(name));
};
