// What a console dialog does once the proctor confirms (StartDialog, ConfirmButton): it closes,
// the action runs, and when the button that asked is gone or disabled by it (a started or locked
// room, no tablet left waiting), the focus goes to `after` rather than falling to the page.
import { tick } from 'svelte';

export type FocusAfter = () => HTMLElement | null | undefined;

export async function confirmed(
	dialog: HTMLDialogElement | undefined,
	trigger: HTMLButtonElement | undefined,
	action: () => unknown,
	after?: FocusAfter
): Promise<void> {
	dialog?.close();
	await action();
	await tick();
	if (!trigger?.isConnected || trigger.disabled) after?.()?.focus();
}
