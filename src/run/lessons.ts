/**
 * The lessons' catalogue (examples/lessons.json), read by the CLI (`--lesson N`) and by the
 * extension (the gallery, the walkthrough, a lesson file's note).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Lesson {
  /** 1-based position in the curriculum. */
  id: number;
  /** Folder name under examples/ (`04-event-loop-order`). */
  slug: string;
  /** Title per language (`en`, `ko`). */
  title: Record<string, string>;
  /** The example opened in the editor (relative to examples/). */
  file: string;
  /** Two files that open straight into the compare view. */
  compare?: [string, string];
  /** Other files of the lesson (a Redis variant, more pitfalls). */
  variants?: string[];
  /** The "what to notice" text per language. */
  notice?: Record<string, string>;
  /** The learner may guess the order of the console lines before the reveal. */
  predict?: boolean;
}

/** The lessons of `examplesDir`/lessons.json; none when the file is missing or unreadable. */
export function readLessons(examplesDir: string): Lesson[] {
  try {
    const data = JSON.parse(readFileSync(path.join(examplesDir, 'lessons.json'), 'utf8')) as { lessons?: Lesson[] };
    return Array.isArray(data.lessons) ? data.lessons.filter((l) => typeof l?.file === 'string' && typeof l.id === 'number') : [];
  } catch {
    return [];
  }
}
