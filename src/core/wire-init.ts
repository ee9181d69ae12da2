/**
 * The words of the recorder's init records (wire-codec.ts has the layout): resource type codes,
 * the call sites (SiteTable.calls ids) and a timer's delay word.
 */

/** Resource types with a code (index; 0 = type spelled out: an `initNamed` record). */
export const TYPE_CODES: readonly string[] = [
  '', 'Timeout', 'Immediate', 'TickObject', 'PROMISE', 'Microtask', 'FSREQCALLBACK', 'FSREQPROMISE',
  'TCPWRAP', 'TCPSERVERWRAP', 'TCPCONNECTWRAP', 'GETADDRINFOREQWRAP', 'PIPEWRAP', 'PIPESERVERWRAP',
  'PIPECONNECTWRAP', 'PROCESSWRAP', 'WRITEWRAP', 'SHUTDOWNWRAP', 'TTYWRAP', 'SIGNALWRAP', 'WORKER',
  'MESSAGEPORT', 'HTTPINCOMINGMESSAGE', 'HTTPCLIENTREQUEST', 'ZLIB', 'STATWATCHER', 'FSEVENTWRAP',
  'DNSCHANNEL', 'QUERYWRAP', 'UDPWRAP', 'UDPSENDWRAP', 'JSSTREAM', 'FILEHANDLE', 'FILEHANDLECLOSEREQ',
  'GETNAMEINFOREQWRAP', 'HTTP2SESSION', 'TLSWRAP', 'ELDHISTOGRAM', 'SIGINTWATCHDOG', 'WORKERHEAPSNAPSHOT',
];
const typeCode = new Map<string, number>(TYPE_CODES.map((t, i) => [t, i]));
typeCode.delete('');

/** Code of a resource type, 0 when it must be written as a string. */
export function codeOfType(type: string): number {
  return typeCode.get(type) ?? 0;
}

/** Call-site ids the init record can hold (the caller shares a word with the type code). */
export const MAX_SITE = (1 << 23) - 2;

/** A call-site id as stored (+1; 0 = none or out of range). */
export const siteWord = (site: number | undefined): number => (site !== undefined && site >= 0 && site <= MAX_SITE ? site + 1 : 0);
/** Word 4 of an init record: the type code and the caller site. */
export const typeWord = (code: number, caller: number | undefined): number => code | (siteWord(caller) << 8);
/** The initTimer's delay word: a setInterval's negated. */
export const delayWord = (delay: number, repeat: boolean | undefined): number => (repeat ? -delay : delay);
