/**
 * Reads a JSON file whose top level is an object, without holding its text: the items of one of
 * its arrays are parsed and handed over one at a time, every other top-level value is returned
 * parsed. For checking exports too big to be one string. Throws on text that is not JSON.
 */
import { createReadStream } from 'node:fs';

const QUOTE = 34, BACKSLASH = 92, OPEN_OBJ = 123, CLOSE_OBJ = 125, OPEN_ARR = 91, CLOSE_ARR = 93, COMMA = 44, COLON = 58;
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

export async function readJsonStreaming(file: string, arrayKey: string, onItem: (item: unknown) => void): Promise<Record<string, unknown>> {
  const rest: Record<string, unknown> = {};
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let depth = 0, inString = false, escaped = false, started = false, ended = false, inArray = false, afterColon = false;
  let key = '';
  // The text of the key, top-level value or array item being read, piece by piece across chunks.
  let keyText: string[] | undefined, valueText: string[] | undefined, itemText: string[] | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (keyText) { keyText.push(text.slice(from, i + 1)); key = JSON.parse(keyText.join('')) as string; keyText = undefined; }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (ended) throw new Error(`text after the top-level object in ${file}`);
      if (!started) {
        if (c !== OPEN_OBJ) throw new Error(`${file} does not hold a JSON object`);
        started = true;
        depth = 1;
        continue;
      }
      // A delimiter that ends the item or value being read.
      if (itemText && depth === 2 && (c === COMMA || c === CLOSE_ARR)) {
        itemText.push(text.slice(from, i));
        onItem(JSON.parse(itemText.join('')));
        itemText = undefined;
        if (c === CLOSE_ARR) { inArray = false; depth = 1; }
        continue;
      }
      if (valueText && depth === 1 && (c === COMMA || c === CLOSE_OBJ)) {
        valueText.push(text.slice(from, i));
        rest[key] = JSON.parse(valueText.join(''));
        valueText = undefined;
        if (c === CLOSE_OBJ) { ended = true; depth = 0; }
        continue;
      }
      if (depth === 1 && !valueText && !inArray) {
        if (!afterColon) {
          if (c === QUOTE) { inString = true; keyText = []; from = i; continue; }
          if (c === COLON) { afterColon = true; continue; }
          if (c === COMMA) continue;
          if (c === CLOSE_OBJ) { ended = true; depth = 0; continue; }
          throw new Error(`${file}: a key was expected`);
        }
        afterColon = false;
        if (key === arrayKey && c === OPEN_ARR) { inArray = true; depth = 2; continue; }
        valueText = [];
        from = i;
      } else if (inArray && depth === 2 && !itemText) {
        if (c === COMMA) continue;
        if (c === CLOSE_ARR) { inArray = false; depth = 1; continue; }
        itemText = [];
        from = i;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
      else if (c === CLOSE_OBJ || c === CLOSE_ARR) depth--;
    }
    for (const t of [keyText, valueText, itemText]) t?.push(text.slice(from));
  }
  if (!ended) throw new Error(`${file} ends inside its JSON`);
  return rest;
}
