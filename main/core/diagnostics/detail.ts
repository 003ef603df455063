import type { Cause } from '../causes';
import { renderMessage } from './advice/catalogue';
import type { MessageKey } from './advice/messages.en';
import type { CheckResult, Message, MessageParams } from './types';

/** A catalogue message, its key checked against the catalogue at compile time. */
export function msg(key: MessageKey, params?: MessageParams): Message {
  return params ? { key, params } : { key };
}

/**
 * A check's evidence line: `detail` is the message in English (what the CLI prints, byte for
 * byte as before the keys existed), `detailKey` and `detailParams` let the window say it in
 * the user's language.
 */
export function detailOf(
  message: Message,
): Pick<CheckResult, 'detail' | 'detailKey' | 'detailParams'> {
  return {
    detail: english(message),
    detailKey: message.key,
    ...(message.params ? { detailParams: message.params } : {}),
  };
}

/** The message in English: the wording of the CLI, the bundle and the findings' `data`. */
export function english(message: Message): string {
  return renderMessage(message, 'en');
}

/** The message of a result, whether or not it carries one (English text as is otherwise). */
export function messageOf(
  result: Pick<CheckResult, 'detail' | 'detailKey' | 'detailParams'>,
): Message {
  return result.detailKey
    ? { key: result.detailKey, ...(result.detailParams ? { params: result.detailParams } : {}) }
    : msg('detail.raw', { raw: result.detail });
}

/** Items joined like the English `a; b; c` (a nested list is flattened into one). */
export function list(items: readonly Message[]): Message {
  const flat = items.flatMap((item) =>
    item.key === 'detail.list' && Array.isArray(item.params?.items)
      ? (item.params.items as readonly Message[])
      : [item],
  );
  return flat.length === 1 ? (flat[0] as Message) : msg('detail.list', { items: flat });
}

/**
 * A failure classified elsewhere (tunnels/classify.ts), whose text is English from ssh2 or the
 * OS: in English it is the text as is; in Japanese the cause in words, the text as evidence.
 */
export function failureMessage(failure: { cause: Cause; detail: string }): Message {
  return msg('detail.failure', { cause: msg(`cause.${failure.cause}`), raw: failure.detail });
}
